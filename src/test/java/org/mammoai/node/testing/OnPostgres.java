package org.mammoai.node.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.net.Socket;
import java.util.Map;

/**
 * The node on PostgreSQL (the multi-node configuration), for tests that run where a PostgreSQL server with a 'test'
 * database answers on 127.0.0.1:5432 (as on CI machines) and are skipped elsewhere:
 * {@code @TestProfile(OnPostgres.class) @EnabledIf("org.mammoai.node.testing.OnPostgres#reachable")}.
 */
public class OnPostgres implements QuarkusTestProfile {
    public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.db-kind", "postgresql",
                "quarkus.datasource.jdbc.url", URL,
                "quarkus.datasource.username", "postgres",
                "mammo.spool.dir", "target/test-data/pg-spool",
                "mammo.pipeline.lease-renewal", "1s", "mammo.pipeline.lease", "5s");
    }

    public static boolean reachable() {
        try (Socket s = new Socket("127.0.0.1", 5432)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
