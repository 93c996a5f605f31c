package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.TaskPage;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.store.sqlite.Claims;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 5 (seq without AUTOINCREMENT) from a real version-4 database file, built by the
 * store's own migrations 1 to 4, whose newest tasks were deleted: their seqs must stay unused (R49).
 */
class SchemaV5MigrationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    private Path file() {
        return data.resolve("alpha").resolve("tasks.db");
    }

    private SqliteTaskStore openStore() {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5)));
    }

    /** Tasks at seqs 1 to 6 in a version-4 file; 5 and 6, the newest, deleted since. */
    private void writeVersion4() throws Exception {
        Files.createDirectories(file().getParent());
        try (Connection connection = RawSqlite.open(file()); Handle handle = Daos.open(connection)) {
            handle.useTransaction(transaction -> Schema.migrate(transaction, 0, 4));
            handle.execute("PRAGMA user_version = 4");
            handle.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
            handle.execute("INSERT INTO queues (name, concurrency, max_retries, backoff_ms, delay_ms, retention_ms, "
                    + "timeout_ms, updated_at) VALUES ('q', 4, 0, 1000, 0, 60000, 0, ?)", T0.toEpochMilli());
            for (int i = 1; i <= 6; i++) {
                handle.execute("INSERT INTO tasks (id, queue, status, payload, message, attempt, created_at, "
                        + "updated_at, ready_at, priority) VALUES (?, 'q', 'PENDING', ?, '', 0, ?, ?, ?, 0)",
                        "old-" + i, new byte[] {(byte) i}, T0.toEpochMilli(), T0.toEpochMilli(),
                        T0.toEpochMilli() + i);
            }
            handle.execute("DELETE FROM tasks WHERE seq >= 5");
        }
        assertEquals("6", RawSqlite.queryOne(file(), "SELECT seq FROM sqlite_sequence WHERE name = 'tasks'"));
    }

    @Test
    @DisplayName("R23 R49 a version-4 database migrates to version 5; the seqs of its deleted newest tasks stay unused")
    void r49_version4MigratesKeepingDeletedSeqsUnused() throws Exception {
        writeVersion4();
        TaskPage firstPage;
        try (SqliteTaskStore store = openStore()) {
            SqliteOwnerStore alpha = (SqliteOwnerStore) store.owner("alpha");
            firstPage = alpha.list("q", Optional.empty(), Optional.empty(), 3);
            assertEquals(List.of("old-1", "old-2", "old-3"),
                    firstPage.tasks().stream().map(TaskRecord::id).toList());
            assertEquals(List.of((byte) 3), List.of(alpha.payload("old-3").orElseThrow()[0]));

            String fresh = alpha.insert(new NewTask("fresh", "q", new byte[] {7}, T0, T0.plusSeconds(1), 0,
                    Optional.empty()));
            assertEquals("fresh", fresh);
            // A cursor made before the insert sees the new task after it (R49).
            assertEquals(List.of("old-4", "fresh"), alpha.list("q", Optional.empty(), firstPage.nextCursor(), 4).tasks()
                    .stream().map(TaskRecord::id).toList());

            List<ClaimedTask> claimed = Claims.claim(alpha, "q", 10, T0.plusSeconds(2));
            assertEquals(List.of("old-1", "old-2", "old-3", "old-4", "fresh"),
                    claimed.stream().map(ClaimedTask::id).toList());
            assertEquals(1, alpha.record(List.of(Outcome.completed("fresh", 1, "", T0.plusSeconds(3)))));
            assertEquals(TaskStatus.COMPLETED, alpha.find("fresh").orElseThrow().status());
        }
        assertEquals("7", RawSqlite.queryOne(file(), "SELECT seq FROM tasks WHERE id = 'fresh'"),
                "above seq 6, which a deleted task had");
        assertEquals("5", RawSqlite.queryOne(file(), "PRAGMA user_version"));
        assertEquals("ok", RawSqlite.queryOne(file(), "PRAGMA integrity_check"));
        assertFalse(RawSqlite.queryOne(file(), "SELECT sql FROM sqlite_schema WHERE name = 'tasks'")
                .contains("AUTOINCREMENT"));
        assertEquals("4", RawSqlite.queryOne(file(),
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'tasks_by_%'"));
    }

    @Test
    @DisplayName("R21 R49 once the newest tasks expire and are purged, a new task still takes a seq none had")
    void r49_purgingTheNewestTasksLeavesTheirSeqsUnused() throws Exception {
        try (SqliteTaskStore store = openStore()) {
            SqliteOwnerStore alpha = (SqliteOwnerStore) store.owner("alpha");
            alpha.saveQueue("q", QueueConfig.builder().retention(Duration.ofMinutes(1)).build(), T0);
            for (int i = 1; i <= 3; i++) {
                alpha.insert(new NewTask("t" + i, "q", new byte[0], T0, T0, 0, Optional.empty()));
            }
            alpha.cancel("t2", false, T0);
            alpha.cancel("t3", false, T0);
            assertEquals(2, alpha.purgeExpired(T0.plus(Duration.ofMinutes(1)), 10));
        }
        // Reopened: the floor is stored, not held in memory.
        try (SqliteTaskStore store = openStore()) {
            store.owner("alpha").insert(new NewTask("t4", "q", new byte[0], T0, T0, 0, Optional.empty()));
        }
        assertEquals("4", RawSqlite.queryOne(file(), "SELECT seq FROM tasks WHERE id = 't4'"));
    }
}
