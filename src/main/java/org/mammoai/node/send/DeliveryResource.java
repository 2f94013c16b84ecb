package org.mammoai.node.send;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Deliveries to destination AEs: list (e.g. ?state=DEAD for the dead letters) and manual resend. */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    public record DeliveryView(long id, String studyInstanceUid, String sopInstanceUid, String resultType, String destination,
                               DeliveryState state, int attempts, String lastError, Instant nextAttemptAt, Instant sentAt) {}

    private final DeliveryQueue queue;

    public DeliveryResource(DeliveryQueue queue) {
        this.queue = queue;
    }

    @GET
    @Path("/deliveries")
    public List<DeliveryView> deliveries(@QueryParam("state") DeliveryState state) {
        List<Delivery> list = state == null ? Delivery.list("order by id") : Delivery.list("state = ?1 order by id", state);
        return list.stream().map(DeliveryResource::view).toList();
    }

    @POST
    @Path("/deliveries/{id}/resend")
    public DeliveryView resend(@PathParam("id") long id) {
        if (!queue.resend(id)) throw new NotFoundException("no delivery " + id);
        return view(Delivery.findById(id));
    }

    @POST
    @Path("/studies/{studyUid}/resend")
    public Map<String, Integer> resendStudy(@PathParam("studyUid") String studyUid) {
        int n = queue.resendStudy(studyUid);
        if (n == 0) throw new NotFoundException("no deliveries for study " + studyUid);
        return Map.of("deliveries", n);
    }

    public static DeliveryView view(Delivery d) {
        return new DeliveryView(d.id, d.studyInstanceUid, d.sopInstanceUid, d.resultType, d.destination, d.state, d.attempts,
                d.lastError, d.nextAttemptAt, d.sentAt);
    }
}
