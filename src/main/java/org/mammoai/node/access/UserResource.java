package org.mammoai.node.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.time.Instant;
import java.util.List;

/** Users and the audit log over REST: admins only. */
@Path("/api")
@RolesAllowed(Role.CHANGE)
public class UserResource {
    public record NewUser(String username, Role role, String password) {}

    public record AuditView(Instant at, String username, String action, String detail) {}

    private final Users users;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public UserResource(Users users, AuditLog audit, SecurityIdentity identity) {
        this.users = users;
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @Path("/users")
    public List<Users.Account> users() {
        return users.list();
    }

    @POST
    @Path("/users")
    public Users.Account create(NewUser user) {
        try {
            Users.Account created = users.create(user.username(), user.role(), user.password() == null ? null : user.password().toCharArray());
            audit.record(identity, "user.create", created.username() + " as " + created.role());
            return created;
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
    }

    @GET
    @Path("/audit")
    public List<AuditView> audit(@QueryParam("max") Integer max) {
        return audit.recent(max == null ? 100 : Math.min(max, 1000)).stream().map(e -> new AuditView(e.at, e.username, e.action, e.detail)).toList();
    }
}
