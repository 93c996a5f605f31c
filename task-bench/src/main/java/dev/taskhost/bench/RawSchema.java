package dev.taskhost.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of the store's tables (schema version 5 of {@code task-store-sqlite}), so that raw SQLite
 * can write the store's rows into the store's indexes: to seed a backlog into the store's own file,
 * and to measure raw SQLite on the store's schema beside the plain jobs table ({@link JobsTable}).
 * {@code RawSchemaTest} checks that the copy still matches what the store creates.
 */
final class RawSchema {

    /** The columns of the tasks table, in order. */
    static final List<String> TASK_COLUMNS = List.of("seq", "id", "queue", "status", "payload", "message",
            "attempt", "created_at", "updated_at", "ready_at", "finished_at", "priority", "key", "lease_holder",
            "progress_percent", "progress_note", "progress_at");

    // The store builds version 5 by migration (its tasks table is made as tasks_v5 and renamed); this
    // is the same end state made directly, which RawSchemaTest compares column by column and index by index.
    private static final List<String> DDL = List.of(
            """
            CREATE TABLE queues (
                name          TEXT    NOT NULL PRIMARY KEY,
                concurrency   INTEGER NOT NULL,
                max_retries   INTEGER NOT NULL,
                backoff_ms    INTEGER NOT NULL,
                delay_ms      INTEGER NOT NULL,
                retention_ms  INTEGER NOT NULL,
                timeout_ms    INTEGER NOT NULL,
                updated_at    INTEGER NOT NULL,
                paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
                last_start_at INTEGER
            )""",
            """
            CREATE TABLE tasks (
                seq              INTEGER NOT NULL PRIMARY KEY,
                id               TEXT    NOT NULL UNIQUE,
                queue            TEXT    NOT NULL REFERENCES queues (name),
                status           TEXT    NOT NULL
                                 CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
                payload          BLOB    NOT NULL,
                message          TEXT    NOT NULL,
                attempt          INTEGER NOT NULL,
                created_at       INTEGER NOT NULL,
                updated_at       INTEGER NOT NULL,
                ready_at         INTEGER NOT NULL,
                finished_at      INTEGER,
                priority         INTEGER NOT NULL DEFAULT 0,
                key              TEXT,
                lease_holder     TEXT,
                progress_percent INTEGER CHECK (progress_percent BETWEEN 0 AND 100),
                progress_note    TEXT,
                progress_at      INTEGER,
                CHECK ((finished_at IS NULL) = (status IN ('PENDING', 'RUNNING'))),
                CHECK (lease_holder IS NULL OR status = 'RUNNING'),
                CHECK ((progress_at IS NULL) = (progress_percent IS NULL)
                       AND (progress_at IS NULL) = (progress_note IS NULL))
            )""",
            "CREATE INDEX tasks_by_ready ON tasks (queue, priority, ready_at, seq) WHERE status = 'PENDING'",
            "CREATE INDEX tasks_by_finish ON tasks (queue, finished_at) WHERE finished_at IS NOT NULL",
            "CREATE INDEX tasks_by_status ON tasks (queue, status, seq)",
            "CREATE UNIQUE INDEX tasks_by_key ON tasks (queue, key) "
                    + "WHERE key IS NOT NULL AND status IN ('PENDING', 'RUNNING')",
            "CREATE TABLE seq_floor (seq INTEGER NOT NULL)",
            "INSERT INTO seq_floor VALUES (0)",
            """
            CREATE TABLE schedules (
                name         TEXT    NOT NULL PRIMARY KEY,
                queue        TEXT    NOT NULL REFERENCES queues (name),
                spec         TEXT    NOT NULL,
                payload      BLOB    NOT NULL,
                anchor_at    INTEGER NOT NULL,
                last_fire_at INTEGER,
                revision     INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            )""");

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
