package org.mammoai.node.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.mammoai.node.testing.SyntheticDicom;
import org.mammoai.node.testing.Tool;

/**
 * The catalog on PostgreSQL (the multi-node configuration). Runs where a PostgreSQL server with a
 * 'test' database answers on 127.0.0.1:5432 (as on CI machines); skipped elsewhere.
 */
@QuarkusTest
@TestProfile(PostgresCatalogTest.OnPostgres.class)
@EnabledIf("postgresReachable")
class PostgresCatalogTest {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    public static class OnPostgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.db-kind", "postgresql",
                    "quarkus.datasource.jdbc.url", URL,
                    "quarkus.datasource.username", "postgres",
                    "mammo.spool.dir", "target/test-data/pg-spool");
        }
    }

    static boolean postgresReachable() {
        try (Socket s = new Socket("127.0.0.1", 5432)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

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
}
