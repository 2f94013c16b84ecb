package org.mammoai.node.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Writes an enum value no version has yet (a later version's), in a transaction rolled back: the column must take it. */
public final class NewEnumValues {
    private NewEnumValues() {}

    public static void assertAccepted(Connection db) throws SQLException {
        boolean autoCommit = db.getAutoCommit();
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            assertThat(s.executeUpdate("update node_user set role = 'AUDITOR'")).as("the first admin, at least").isPositive();
        } finally {
            db.rollback();
            db.setAutoCommit(autoCommit);
        }
    }
}
