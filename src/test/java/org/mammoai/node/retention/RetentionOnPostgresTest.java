package org.mammoai.node.retention;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.condition.EnabledIf;
import org.mammoai.node.testing.OnPostgres;

/** The same on PostgreSQL, where nodes share the catalog (its row locks and queries differ from H2's). */
@QuarkusTest
@TestProfile(OnPostgres.class)
@EnabledIf("org.mammoai.node.testing.OnPostgres#reachable")
class RetentionOnPostgresTest extends RetentionTest {
}
