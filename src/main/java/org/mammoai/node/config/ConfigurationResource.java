package org.mammoai.node.config;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.mammoai.node.access.AuditLog;
import org.mammoai.node.access.Role;

/** The AE configuration over REST: read by viewers, changed by admins, applied without a restart, audited. */
@Path("/api/configuration")
@RolesAllowed({Role.READ, Role.CHANGE})
@Produces(MediaType.APPLICATION_JSON)
public class ConfigurationResource {
    /** What the API shows: everything but the TLS store passwords. */
    public record View(String aeTitle, Connection connection, Connection tlsConnection, List<String> acceptedCallingAeTitles,
                       Limits limits, Boolean tlsRequiresClientCertificate, List<Destination> destinations) {
        public static View of(Device d) {
            ApplicationEntity ae = d.ae();
            return new View(ae.aeTitle(), ae.connection(), ae.tlsConnection(), ae.acceptedCallingAeTitles().stream().sorted().toList(),
                    ae.limits(), d.tls() == null ? null : d.tls().requireClientCertificate(), d.destinations());
        }
    }

    private final NodeConfigStore store;
    private final ConfigurationEditor editor;
    private final DestinationEcho echo;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public ConfigurationResource(NodeConfigStore store, ConfigurationEditor editor, DestinationEcho echo, AuditLog audit, SecurityIdentity identity) {
        this.store = store;
        this.editor = editor;
        this.echo = echo;
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    public View get() {
        return View.of(store.current());
    }

    @PUT
    @Path("/destinations/{name}")
    @RolesAllowed(Role.CHANGE)
    public View putDestination(@PathParam("name") String name, ConfigurationEditor.DestinationForm form) {
        ConfigurationEditor.DestinationForm named = new ConfigurationEditor.DestinationForm(form.name() == null ? name : form.name(),
                form.aeTitle(), form.host(), form.port(), form.results(), form.tls());
        View v = apply(() -> editor.saveDestination(name, named));
        audit.record(identity, "configuration.destination", name + " -> " + named.aeTitle() + "@" + named.host() + ":" + named.port()
                + " " + named.results());
        return v;
    }

    @DELETE
    @Path("/destinations/{name}")
    @RolesAllowed(Role.CHANGE)
    public View deleteDestination(@PathParam("name") String name) {
        View v = apply(() -> {
            if (!editor.removeDestination(name)) throw new NotFoundException("no destination " + name);
            return store.current();
        });
        audit.record(identity, "configuration.destination.remove", name);
        return v;
    }

    @PUT
    @Path("/allowed-calling-ae-titles")
    @RolesAllowed(Role.CHANGE)
    public View putCallers(List<String> aeTitles) {
        View v = apply(() -> editor.setAllowedCallers(aeTitles == null ? List.of() : aeTitles));
        audit.record(identity, "configuration.callers", String.join(",", v.acceptedCallingAeTitles()));
        return v;
    }

    @PUT
    @Path("/local")
    @RolesAllowed(Role.CHANGE)
    public View putLocal(ConfigurationEditor.LocalForm form) {
        View v = apply(() -> editor.setLocal(form));
        audit.record(identity, "configuration.local", v.aeTitle() + " " + v.connection() + " " + v.limits());
        return v;
    }

    @POST
    @Path("/destinations/{name}/echo")
    @RolesAllowed(Role.CHANGE)
    public Map<String, Object> echo(@PathParam("name") String name) {
        Destination d = store.current().destination(name).orElseThrow(() -> new NotFoundException("no destination " + name));
        String failure = echo.echo(d);
        return failure == null ? Map.of("destination", name, "answered", true) : Map.of("destination", name, "answered", false, "error", failure);
    }

    private static View apply(java.util.function.Supplier<Device> change) {
        try {
            return View.of(change.get());
        } catch (InvalidNodeConfigException | IllegalArgumentException e) { // the loader's message, naming the field
            throw new BadRequestException(jakarta.ws.rs.core.Response.status(400).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", e.getMessage())).build());
        }
    }
}
