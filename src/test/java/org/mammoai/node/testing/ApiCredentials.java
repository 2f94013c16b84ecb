package org.mammoai.node.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every @QuarkusTest's REST calls sign in as the test profile's first admin (mammo.access.initial-admin-password),
 * unless a test says otherwise (given().auth().none(), another user). A Quarkus callback, registered in
 * META-INF/services, so it sets RestAssured in the class loader the tests run in.
 */
public class ApiCredentials implements QuarkusTestBeforeEachCallback {
    public static final String ADMIN = "admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String VIEWER = "viewer-" + Long.toHexString(System.nanoTime());
    public static final String VIEWER_PASSWORD = "viewer-password-123";

    /** Creates the viewer user once (as the admin), for tests of what a viewer may not do. */
    public static void createViewer() {
        io.restassured.response.Response users = RestAssured.given().get("/api/users");
        if (users.statusCode() != 200) throw new AssertionError("GET /api/users: " + users.statusCode() + " " + users.asString());
        if (users.jsonPath().getList("username").contains(VIEWER)) return;
        RestAssured.given().contentType("application/json")
                .body(java.util.Map.of("username", VIEWER, "role", "VIEWER", "password", VIEWER_PASSWORD)).post("/api/users").then().statusCode(200);
    }

    /** A request as the viewer. */
    public static io.restassured.specification.RequestSpecification asViewer() {
        createViewer();
        return RestAssured.given().auth().preemptive().basic(VIEWER, VIEWER_PASSWORD);
    }

    /** Signs in through the console's login form; returns the session cookie. */
    public static java.util.Map<String, String> consoleSession(String user, String password) {
        io.restassured.response.Response r = RestAssured.given().auth().none().redirects().follow(false)
                .formParam("j_username", user).formParam("j_password", password).post("/j_security_check");
        if (r.statusCode() != 302 || String.valueOf(r.getHeader("Location")).contains("failed")) {
            throw new AssertionError("sign-in as " + user + ": " + r.statusCode() + " " + r.getHeader("Location"));
        }
        return r.getCookies();
    }

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }
}
