package dev.taskhost.bench;

import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Where the SQLite store keeps the benchmark owner's tasks, and whether raw rows may be written there:
 * only into a database whose schema is the one {@link RawSchema} copies.
 */
final class StoreLayout {

    /** {@code "TSKH"}: the store's {@code PRAGMA application_id}. */
    static final int APPLICATION_ID = 0x54534b48;
    /** The store schema version that {@link RawSchema} copies. */
    static final int SCHEMA_VERSION = 5;

    private StoreLayout() {
    }

    /** The owner's database: {@code <data directory>/<owner>/tasks.db}, as the provider documents. */
    static Path databaseFile(Path data) {
        return data.resolve(Hosts.OWNER).resolve("tasks.db");
    }

    /**
     * Why raw rows must not be written into the owner's database; empty when they may.
     *
     * @throws SQLException if SQLite fails
     */
    static Optional<String> whyNotRaw(Path data, Durability durability) throws SQLException {
        Path file = databaseFile(data);
        if (!Files.isRegularFile(file)) {
            return Optional.of("the store keeps no file at " + file);
        }
        try (Connection connection = RawSqlite.open(file, durability)) {
            int applicationId = Integer.parseInt(RawSqlite.pragma(connection, "application_id"));
            int version = Integer.parseInt(RawSqlite.pragma(connection, "user_version"));
            List<String> columns = RawSchema.taskColumns(connection);
            if (applicationId != APPLICATION_ID || version != SCHEMA_VERSION) {
                return Optional.of("the store's schema is version " + version + " (application_id 0x"
                        + Integer.toHexString(applicationId) + "), the benchmark knows version " + SCHEMA_VERSION);
            }
            if (!columns.equals(RawSchema.TASK_COLUMNS)) {
                return Optional.of("the store's tasks table has columns " + columns + ", the benchmark knows "
                        + RawSchema.TASK_COLUMNS);
            }
            return Optional.empty();
        }
    }
}
