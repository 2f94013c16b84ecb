package org.mammoai.node.access;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.ForbiddenException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Double-submit CSRF protection for the console's forms: a random token in a SameSite=Strict cookie, the same value
 * in each form; a change is accepted only when the two match. (Quarkus' CSRF extension is not published for this
 * Quarkus version here, so this small class does its job.)
 */
@RequestScoped
public class CsrfToken {
    public static final String COOKIE = "mammo-csrf";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutingContext request;
    private String token;

    public CsrfToken(RoutingContext request) {
        this.request = request;
    }

    /** The token for this browser, set as a cookie on the response when it has none yet. */
    public String value() {
        if (token != null) return token;
        Cookie cookie = request.request().getCookie(COOKIE);
        if (cookie != null && cookie.getValue().matches("[0-9a-f]{64}")) {
            token = cookie.getValue();
        } else {
            byte[] b = new byte[32];
            RANDOM.nextBytes(b);
            token = HexFormat.of().formatHex(b);
            request.response().addCookie(Cookie.cookie(COOKIE, token).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT));
        }
        return token;
    }

    /** @throws ForbiddenException when the form's token is missing or not this browser's */
    public void check(String formToken) {
        Cookie cookie = request.request().getCookie(COOKIE);
        if (formToken == null || cookie == null
                || !MessageDigest.isEqual(formToken.getBytes(StandardCharsets.UTF_8), cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenException("the form's security token is missing or stale: reload the page and try again");
        }
    }
}
