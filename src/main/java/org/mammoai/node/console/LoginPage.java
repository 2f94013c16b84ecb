package org.mammoai.node.console;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The sign-in form; it posts to Quarkus' form authentication (/j_security_check), which sets the session cookie. */
@Path("/login")
@PermitAll
public class LoginPage {
    private final Template login;

    public LoginPage(Template login) {
        this.login = login;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance form(@QueryParam("failed") boolean failed, @QueryParam("signedOut") boolean signedOut) {
        return login.data("failed", failed).data("signedOut", signedOut);
    }
}
