package org.mammoai.node.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.mammoai.node.testing.NewEnumValues;
import org.mammoai.node.testing.OnPostgres;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * The catalog on PostgreSQL (the multi-node configuration). Runs where a PostgreSQL server with a
 * 'test' database answers on 127.0.0.1:5432 (as on CI machines); skipped elsewhere.
 */
@QuarkusTest
@TestProfile(OnPostgres.class)
@EnabledIf("org.mammoai.node.testing.OnPostgres#reachable")
class PostgresCatalogTest {
    static final String URL = OnPostgres.URL;

    @Test
    void receivedInstanceIsCatalogedInPostgres() throws Exception {
        SyntheticDicom image = SyntheticDicom.mammogram("R", "MLO");
        Path file = image.write(Files.createTempDirectory("pg"));
        Tool sent = Tool.storescu(11199, "STORESCU", "MAMMO_TEST", file.toString());
        assertThat(sent.ok()).as(sent.toString()).isTrue();
        given().get("/api/instances/" + image.sopInstanceUid()).then().statusCode(200);

        try (var db = DriverManager.getConnection(URL, "postgres", "");
             var query = db.prepareStatement("select i.calling_ae_title, s.modality from stored_instance i "
                     + "join series s on i.series_id = s.id where i.sop_instance_uid = ?")) {
            query.setString(1, image.sopInstanceUid());
            ResultSet row = query.executeQuery();
            assertThat(row.next()).as("row is in PostgreSQL").isTrue();
            assertThat(row.getString(1)).isEqualTo("STORESCU");
            assertThat(row.getString(2)).isEqualTo("MG");
        }
    }

    @Test
    void enumColumnsAreNotLimitedToTodaysValues() throws Exception {
        // Hibernate created them with a CHECK listing the enum's values; start-up drops it (EnumColumns)
        try (var db = DriverManager.getConnection(URL, "postgres", ""); var s = db.createStatement()) {
            ResultSet checks = s.executeQuery("select conrelid::regclass::text, pg_get_constraintdef(oid) from pg_constraint where contype = 'c' "
                    + "and conrelid::regclass::text in ('analysis_job', 'delivery', 'result_instance', 'node_user')");
            assertThat(checks.next()).as("a check constraint left on an enum column").isFalse();
            NewEnumValues.assertAccepted(db);
        }
    }

    @Test
    void aJobLeftRunningByAKilledNodeIsTakenOverOnceItsLeaseExpires() throws Exception {
        // issue 10, 8: a node killed while running jobs on the shared database left them RUNNING for ever
        SyntheticDicom image = SyntheticDicom.mammogram("L", "CC").size(256, 200).phantom();
        assertThat(Tool.storescu(11199, "STORESCU", "MAMMO_TEST", image.write(Files.createTempDirectory("pg-lease")).toString()).ok()).isTrue();
        String finished = awaitState(image.sopInstanceUid(), s -> s.equals("DONE") || s.equals("FAILED"));
        try (var db = DriverManager.getConnection(URL, "postgres", "");
             var killed = db.prepareStatement("update analysis_job set state = 'RUNNING', owner = 'killed-node', "
                     + "heartbeat_at = now() - interval '10 minutes', started_at = now() - interval '10 minutes' where sop_instance_uid = ?")) {
            killed.setString(1, image.sopInstanceUid());
            assertThat(killed.executeUpdate()).isEqualTo(1); // as the other node left it when killed mid-analysis
        }
        awaitState(image.sopInstanceUid(), s -> s.equals(finished)); // queued again, then analysed by this node
        try (var db = DriverManager.getConnection(URL, "postgres", "");
             var query = db.prepareStatement("select owner, attempts from analysis_job where sop_instance_uid = ?")) {
            query.setString(1, image.sopInstanceUid());
            ResultSet row = query.executeQuery();
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).as("taken over by this node").isEqualTo("test-node");
            assertThat(row.getInt(2)).isEqualTo(2);
        }
    }

    private static String awaitState(String sopInstanceUid, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        String state = null;
        while (System.nanoTime() < deadline) {
            try (var db = DriverManager.getConnection(URL, "postgres", "");
                 var query = db.prepareStatement("select state from analysis_job where sop_instance_uid = ?")) {
                query.setString(1, sopInstanceUid);
                ResultSet row = query.executeQuery();
                state = row.next() ? row.getString(1) : null;
            }
            if (state != null && done.test(state)) return state;
            Thread.sleep(250);
        }
        throw new AssertionError("job of " + sopInstanceUid + " still " + state);
    }
}
