package org.mammoai.node.common;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Keeps a column that holds an enum's names open to names a later version adds. The entities map such columns as text
 * (on H2, Hibernate's schema update also turns the ENUM columns earlier versions made into text), but Hibernate gives a
 * new text column a CHECK constraint listing the enum's names of the day and its schema update never widens it: after
 * an upgrade, every write of a new name would fail. Each package calls this for its own enum columns at start-up,
 * before anything writes; it does nothing once no such check is left.
 */
public final class EnumColumns {
    private static final Logger LOG = Logger.getLogger(EnumColumns.class);
    private static final Pattern NAME = Pattern.compile("[a-z_]+");

    private EnumColumns() {}

    /** @param table and column as Hibernate named them (lower case, underscores) */
    public static void keepOpen(String table, String column) {
        if (!NAME.matcher(table).matches() || !NAME.matcher(column).matches()) throw new IllegalArgumentException(table + "." + column);
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().unwrap(Session.class).doWork(c -> {
            String database = c.getMetaData().getDatabaseProductName();
            if ("H2".equals(database)) {
                dropChecks(c, table, column, "select tc.constraint_name from information_schema.table_constraints tc "
                        + "join information_schema.check_constraints cc on cc.constraint_schema = tc.constraint_schema "
                        + "and cc.constraint_name = tc.constraint_name where tc.constraint_type = 'CHECK' and tc.table_name = ? "
                        + "and cc.check_clause like ?", table.toUpperCase(), "%\"" + column.toUpperCase() + "\"%");
            } else if ("PostgreSQL".equals(database)) {
                dropChecks(c, table, column, "select conname from pg_constraint where contype = 'c' and conrelid = to_regclass(?) "
                        + "and pg_get_constraintdef(oid) like ?", table, "%(" + column + ")::text%");
            }
        }));
    }

    /** Drops the check constraints the query finds (its two parameters: the table, a LIKE pattern naming the column). */
    private static void dropChecks(Connection c, String table, String column, String query, String tableParameter, String columnPattern)
            throws SQLException {
        List<String> checks = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(query)) {
            q.setString(1, tableParameter);
            q.setString(2, columnPattern);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) checks.add(r.getString(1));
            }
        }
        try (Statement s = c.createStatement()) {
            for (String check : checks) {
                s.execute("alter table " + table + " drop constraint if exists \"" + check.replace("\"", "\"\"") + "\"");
                LOG.infof("Column %s.%s no longer limited to its enum's current values (dropped %s)", table, column, check);
            }
        }
    }
}
