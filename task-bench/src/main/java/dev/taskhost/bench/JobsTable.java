package dev.taskhost.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The raw reference of issue 14: what a user writing the obvious jobs table would get. An id primary
 * key, the columns a queue needs, and one index on queue, status and ready time; nothing for
 * priorities, keys, leases, progress or listing. A leaner store schema shows up as a better ratio
 * against it.
 */
enum JobsTable {
    /** On SQLite: the claim is one {@code UPDATE … RETURNING}; one writer at a time anyway. */
    SQLITE("TEXT", "BLOB", "INTEGER", ""),
    /** On PostgreSQL: the claim's subquery takes its row {@code FOR UPDATE SKIP LOCKED}, the usual pattern. */
    POSTGRES("text", "bytea", "bigint", " FOR UPDATE SKIP LOCKED");

    private final String text;
    private final String bytes;
    private final String integer;
    private final String lockClause;

    JobsTable(String text, String bytes, String integer, String lockClause) {
        this.text = text;
        this.bytes = bytes;
        this.integer = integer;
        this.lockClause = lockClause;
    }

    /** Creates the table and its index; {@code table} is a plain or schema-qualified name. */
    void create(Connection connection, String table) throws SQLException {
        List<String> ddl = List.of(
                "CREATE TABLE " + table + " (\n"
                        + "    id         " + text + " PRIMARY KEY,\n"
                        + "    queue      " + text + " NOT NULL,\n"
                        + "    status     " + text + " NOT NULL,\n"
                        + "    payload    " + bytes + " NOT NULL,\n"
                        + "    attempt    " + integer + " NOT NULL,\n"
                        + "    ready_at   " + integer + " NOT NULL,\n"
                        + "    updated_at " + integer + " NOT NULL\n"
                        + ")",
                "CREATE INDEX " + indexName(table) + " ON " + table + " (queue, status, ready_at)");
        try (Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.execute(sql);
            }
        }
    }

    /** The insert of one pending job: id, queue, payload, ready_at, updated_at. */
    String insertSql(String table) {
        return "INSERT INTO " + table + " (id, queue, status, payload, attempt, ready_at, updated_at) "
                + "VALUES (?, ?, 'PENDING', ?, 0, ?, ?)";
    }

    /** The claim of the oldest ready job: updated_at, queue, now. Returns id, payload, attempt. */
    String claimSql(String table) {
        return "UPDATE " + table + " SET status = 'RUNNING', attempt = attempt + 1, updated_at = ? "
                + "WHERE id = (SELECT id FROM " + table + " WHERE queue = ? AND status = 'PENDING' AND ready_at <= ? "
                + "ORDER BY ready_at LIMIT 1" + lockClause + ") RETURNING id, payload, attempt";
    }

    /** The finish of a claimed job: updated_at, id. */
    String finishSql(String table) {
        return "UPDATE " + table + " SET status = 'COMPLETED', updated_at = ? WHERE id = ?";
    }

    private static String indexName(String table) {
        return table.substring(table.lastIndexOf('.') + 1) + "_ready";
    }
}
