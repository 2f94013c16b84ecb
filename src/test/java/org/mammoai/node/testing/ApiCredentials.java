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

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.preemptive().basic(ADMIN, ADMIN_PASSWORD);
    }
}
