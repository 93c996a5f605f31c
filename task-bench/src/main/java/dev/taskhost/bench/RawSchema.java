package dev.taskhost.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the store's tables (schema version 1 of {@code task-store-sqlite}) for the raw limit, so
 * that raw SQLite writes the same rows into the same indexes as the store. {@code RawSchemaTest}
 * checks that the copy still matches what the store creates.
 */
final class RawSchema {

    /** The columns of the tasks table, in order. */
    static final List<String> TASK_COLUMNS = List.of("seq", "id", "queue", "status", "payload", "message",
            "attempt", "created_at", "updated_at", "ready_at", "finished_at");

    private static final List<String> DDL = List.of(
            """
            CREATE TABLE queues (
                name         TEXT    NOT NULL PRIMARY KEY,
                concurrency  INTEGER NOT NULL,
                max_retries  INTEGER NOT NULL,
                backoff_ms   INTEGER NOT NULL,
                delay_ms     INTEGER NOT NULL,
                retention_ms INTEGER NOT NULL,
                timeout_ms   INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            )""",
            """
            CREATE TABLE tasks (
                seq         INTEGER NOT NULL PRIMARY KEY,
                id          TEXT    NOT NULL UNIQUE,
                queue       TEXT    NOT NULL REFERENCES queues (name),
                status      TEXT    NOT NULL
                            CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
                payload     BLOB    NOT NULL,
                message     TEXT    NOT NULL,
                attempt     INTEGER NOT NULL,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                ready_at    INTEGER NOT NULL,
                finished_at INTEGER,
                CHECK ((finished_at IS NULL) = (status IN ('PENDING', 'RUNNING')))
            )""",
            "CREATE INDEX tasks_by_ready ON tasks (queue, status, ready_at, seq)",
            "CREATE INDEX tasks_by_finish ON tasks (queue, finished_at) WHERE finished_at IS NOT NULL");

    private RawSchema() {
    }

    /** The columns of the tasks table in the database of {@code connection}, in order. */
    static List<String> taskColumns(Connection connection) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA table_info(tasks)")) {
            while (row.next()) {
                columns.add(row.getString("name"));
            }
        }
        return columns;
    }

    /** Creates the tables in an empty database, and a queue {@code queueName} with default settings. */
    static void create(Connection connection, String queueName) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : DDL) {
                statement.execute(ddl);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO queues (name, concurrency, max_retries, backoff_ms, delay_ms, retention_ms,
                                    timeout_ms, updated_at)
                VALUES (?, 1, 0, 1000, 0, 3600000, 0, ?)""")) {
            insert.setString(1, queueName);
            insert.setLong(2, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }
}
