package org.mammoai.node.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.ApiCredentials;

/**
 * Who may do what: the API wants HTTP basic (401 without), the console a signed-in session (redirect to the
 * login form without), a viewer reads but cannot change (403), console forms need their CSRF token, and every
 * change is in the audit log.
 */
@QuarkusTest
class AccessTest {
    static final String VIEWER = ApiCredentials.VIEWER;
    static final String VIEWER_PASSWORD = ApiCredentials.VIEWER_PASSWORD;

    @Test
    void theApiWantsCredentialsAndAViewerCannotChangeAnything() {
        given().auth().none().get("/api/studies").then().statusCode(401);
        given().auth().preemptive().basic(ApiCredentials.ADMIN, "wrong-password-0").get("/api/studies").then().statusCode(401);
        given().get("/api/studies").then().statusCode(200);

        ApiCredentials.createViewer();
        given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD).get("/api/studies").then().statusCode(200);
        given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD).post("/api/deliveries/1/resend").then().statusCode(403);
        given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD).contentType("application/json")
                .body(Map.of("username", "sneaky", "role", "ADMIN", "password", "sneaky-password-1")).post("/api/users").then().statusCode(403);
        given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD).get("/api/audit").then().statusCode(403);

        // bad new users are refused with the reason
        given().contentType("application/json").body(Map.of("username", "x y", "role", "VIEWER", "password", "long-enough-password"))
                .post("/api/users").then().statusCode(400);
        given().contentType("application/json").body(Map.of("username", "shorty", "role", "VIEWER", "password", "short"))
                .post("/api/users").then().statusCode(400);

        var audit = given().get("/api/audit").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getList("findAll { it.action == 'user.create' && it.detail.startsWith('" + VIEWER + " ') }.username"))
                .containsExactly(ApiCredentials.ADMIN);
        // health, metrics and the API document stay open: they hold no patient data
        given().auth().none().get("/q/health/live").then().statusCode(200);
        given().auth().none().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void theConsoleSendsStrangersToTheLoginFormAndChecksItsForms() {
        given().auth().none().redirects().follow(false).get("/console").then().statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/login"));
        given().auth().none().get("/login").then().statusCode(200).body(org.hamcrest.Matchers.containsString("j_security_check"));

        Response wrong = given().auth().none().redirects().follow(false).formParam("j_username", ApiCredentials.ADMIN)
                .formParam("j_password", "not-the-password").post("/j_security_check");
        assertThat(wrong.getHeader("Location")).contains("/login?failed=true");

        Map<String, String> session = ApiCredentials.consoleSession(ApiCredentials.ADMIN, ApiCredentials.ADMIN_PASSWORD);
        Response page = given().auth().none().cookies(session).get("/console");
        assertThat(page.statusCode()).isEqualTo(200);
        // not to be framed by another site (clickjacking of the admin's forms), no scripts, no sniffing, no referrer
        assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'").contains("script-src 'none'")
                .contains("form-action 'self'");
        assertThat(page.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(given().auth().none().get("/login").getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(given().get("/api/studies").getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.asString()).contains("Dashboard").contains("Recent studies");
        String csrf = page.getCookie(CsrfToken.COOKIE);
        assertThat(csrf).matches("[0-9a-f]{64}");

        // a form posted without the token, or with another, is refused; with it, it works
        given().auth().none().cookies(session).cookie(CsrfToken.COOKIE, csrf).formParam("csrf", "0".repeat(64))
                .redirects().follow(false).post("/console/logout").then().statusCode(403);
        given().auth().none().cookies(session).redirects().follow(false).formParam("csrf", csrf).post("/console/logout")
                .then().statusCode(403); // no cookie to match
        given().auth().none().cookies(session).cookie(CsrfToken.COOKIE, csrf).formParam("csrf", csrf)
                .redirects().follow(false).post("/console/logout").then().statusCode(303);

        // a viewer sees the pages but cannot resend, re-analyse or discard
        ApiCredentials.createViewer();
        Map<String, String> viewer = ApiCredentials.consoleSession(VIEWER, VIEWER_PASSWORD);
        given().auth().none().cookies(viewer).get("/console/failures").then().statusCode(200);
        given().auth().none().cookies(viewer).cookie(CsrfToken.COOKIE, csrf).formParam("csrf", csrf)
                .post("/console/instances/1.2.3/reanalyse").then().statusCode(403);
        given().auth().none().cookies(viewer).cookie(CsrfToken.COOKIE, csrf).formParam("csrf", csrf)
                .post("/console/deliveries/1/discard").then().statusCode(403);
    }
}
