package org.mammoai.node.send;

import jakarta.annotation.security.RolesAllowed;
import io.quarkus.security.identity.SecurityIdentity;
import org.mammoai.node.access.AuditLog;
import org.mammoai.node.access.Role;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Deliveries to destination AEs: list (e.g. ?state=DEAD for the dead letters), manual resend, discarding a dead letter. */
@Path("/api")
@RolesAllowed({Role.READ, Role.CHANGE})
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    public record DeliveryView(long id, String studyInstanceUid, String sopInstanceUid, String resultType, String destination,
                               DeliveryState state, int attempts, String lastError, Instant nextAttemptAt, Instant sentAt,
                               Long sendMs) {}

    private final DeliveryQueue queue;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public DeliveryResource(DeliveryQueue queue, AuditLog audit, SecurityIdentity identity) {
        this.queue = queue;
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @Path("/deliveries")
    public List<DeliveryView> deliveries(@QueryParam("state") DeliveryState state) {
        List<Delivery> list = state == null ? Delivery.list("order by id") : Delivery.list("state = ?1 order by id", state);
        return list.stream().map(DeliveryResource::view).toList();
    }

    @POST
    @Path("/deliveries/{id}/resend")
    @RolesAllowed(Role.CHANGE)
    public DeliveryView resend(@PathParam("id") long id) {
        if (!queue.resend(id)) throw new NotFoundException("no delivery " + id);
        audit.record(identity, "delivery.resend", "delivery " + id);
        return view(Delivery.findById(id));
    }

    /** Gives up a dead letter: 204; 404 when there is no such delivery, 409 when it is not dead. */
    @POST
    @Path("/deliveries/{id}/discard")
    @RolesAllowed(Role.CHANGE)
    public void discard(@PathParam("id") long id) {
        DeliveryQueue.Discarded d = queue.discard(id);
        switch (d.outcome()) {
            case NOT_FOUND -> throw new NotFoundException("no delivery " + id);
            case NOT_DEAD -> throw new ClientErrorException(d.delivery() + " is not a dead letter: only those can be discarded",
                    Response.Status.CONFLICT);
            case DISCARDED -> audit.record(identity, "delivery.discard", d.delivery());
        }
    }

    @POST
    @Path("/studies/{studyUid}/resend")
    @RolesAllowed(Role.CHANGE)
    public Map<String, Integer> resendStudy(@PathParam("studyUid") String studyUid) {
        int n = queue.resendStudy(studyUid);
        if (n == 0) throw new NotFoundException("no deliveries for study " + studyUid);
        audit.record(identity, "study.resend", "study " + studyUid + ", " + n + " deliveries");
        return Map.of("deliveries", n);
    }

    /** A study's deliveries, oldest first (its results page). */
    public static List<DeliveryView> ofStudy(String studyUid) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                Delivery.<Delivery>list("studyInstanceUid = ?1 order by id", studyUid).stream().map(DeliveryResource::view).toList());
    }

    /** Deliveries in a state, oldest first (the console's dead letters). */
    public static List<DeliveryView> views(DeliveryState state) {
        return io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() ->
                Delivery.<Delivery>list("state = ?1 order by id", state).stream().map(DeliveryResource::view).toList());
    }

    public static DeliveryView view(Delivery d) {
        return new DeliveryView(d.id, d.studyInstanceUid, d.sopInstanceUid, d.resultType, d.destination, d.state, d.attempts,
                d.lastError, d.nextAttemptAt, d.sentAt, d.sendMs);
    }
}
