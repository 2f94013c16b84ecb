package org.mammoai.node.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mammoai.node.testing.NewEnumValues;

/**
 * The embedded database's enum columns hold text without a check of today's values after start-up (a new database, and
 * one an earlier version made with ENUM columns), so a later version can add a state, a result type or a role without
 * every write of it failing.
 */
@QuarkusTest
class EnumColumnsTest {
    @Inject
    DataSource dataSource;

    @Test
    void enumColumnsHoldTextAndTakeAValueTodaysEnumLacks() throws Exception {
        try (Connection db = dataSource.getConnection(); Statement s = db.createStatement()) {
            Map<String, String> types = new HashMap<>();
            try (ResultSet r = s.executeQuery("select table_name || '.' || column_name, data_type from information_schema.columns "
                    + "where (table_name, column_name) in (('ANALYSIS_JOB', 'STATE'), ('DELIVERY', 'STATE'), ('RESULT_INSTANCE', 'RESULT_TYPE'), "
                    + "('NODE_USER', 'ROLE'))")) {
                while (r.next()) types.put(r.getString(1), r.getString(2));
            }
            assertThat(types).hasSize(4).allSatisfy((column, type) -> assertThat(type).as(column).isEqualTo("CHARACTER VARYING"));
            try (ResultSet checks = s.executeQuery("select table_name from information_schema.table_constraints where constraint_type = 'CHECK' "
                    + "and table_name in ('ANALYSIS_JOB', 'DELIVERY', 'RESULT_INSTANCE', 'NODE_USER')")) {
                assertThat(checks.next()).as("a check constraint left on an enum column's table").isFalse();
            }

            NewEnumValues.assertAccepted(db);
        }
    }
}
