package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskPage;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.store.sqlite.Claims;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema version 2 from a real version-1 database file, built here with version 1's own DDL and
 * rows as a version-1 store wrote them.
 */
class SchemaMigrationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final long MS = T0.toEpochMilli();

    /** Version 1's tables, as the store created them before version 2. */
    private static final String[] VERSION_1 = {
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
        "CREATE INDEX tasks_by_finish ON tasks (queue, finished_at) WHERE finished_at IS NOT NULL",
        "PRAGMA journal_mode = WAL",
        "PRAGMA user_version = 1",
        "PRAGMA application_id = " + Schema.APPLICATION_ID,
    };

    @TempDir
    Path data;

    private Path file() {
        return data.resolve("alpha").resolve("tasks.db");
    }

    private void writeVersion1() throws Exception {
        RawSqlite.execute(file(), VERSION_1);
        RawSqlite.execute(file(),
                "INSERT INTO queues VALUES ('q', 2, 3, 1000, 5000, 3600000, 0, " + MS + ")",
                "INSERT INTO tasks VALUES (1, 'done', 'q', 'COMPLETED', x'01', 'ok', 1, " + MS + ", " + (MS + 10)
                        + ", " + MS + ", " + (MS + 10) + ")",
                "INSERT INTO tasks VALUES (2, 'running', 'q', 'RUNNING', x'02', '', 1, " + MS + ", " + (MS + 20)
                        + ", " + MS + ", NULL)",
                "INSERT INTO tasks VALUES (3, 'pending', 'q', 'PENDING', x'0304', 'boom', 1, " + MS + ", "
                        + (MS + 30) + ", " + (MS + 60_000) + ", NULL)",
                "INSERT INTO tasks VALUES (4, 'newest', 'q', 'CANCELLED', x'', '', 0, " + MS + ", " + (MS + 40)
                        + ", " + MS + ", " + (MS + 40) + ")");
    }

    private SqliteTaskStore openStore() {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5)));
    }

    @Test
    @DisplayName("R23 R36 R44 R50 a version-1 database migrates through versions 2 and 3 to 4 and keeps every queue and task")
    void r23_version1MigratesKeepingEverything() throws Exception {
        writeVersion1();

        try (SqliteTaskStore store = openStore()) {
            SqliteOwnerStore alpha = (SqliteOwnerStore) store.owner("alpha");

            QueueConfig config = new QueueConfig(2, 3, Duration.ofSeconds(1), Duration.ofSeconds(5),
                    Duration.ofHours(1), Duration.ZERO);
            assertEquals(Optional.of(new StoredQueue("q", config, false, Optional.empty())), alpha.queue("q"));
            assertEquals(new TaskRecord("done", "q", TaskStatus.COMPLETED, "ok", 1, T0, T0.plusMillis(10), T0),
                    alpha.find("done").orElseThrow());
            assertEquals(new TaskRecord("pending", "q", TaskStatus.PENDING, "boom", 1, T0, T0.plusMillis(30),
                    T0.plusSeconds(60)), alpha.find("pending").orElseThrow());
            assertEquals(TaskStatus.CANCELLED, alpha.find("newest").orElseThrow().status());
            assertEquals(Optional.of(T0.plusMillis(10).plus(Duration.ofHours(1))), alpha.nextExpiry());

            // R17, R38: a run of the version-1 host has no holder, so any host finds it abandoned.
            assertEquals(List.of("running"),
                    alpha.abandoned("q", Claims.LEASE.holder()).stream().map(TaskRecord::id).toList());
            assertEquals(1, alpha.recordAbandoned(List.of(Outcome.retry("running", 1, "the host stopped (R17)",
                    T0.plusSeconds(1), T0.plusSeconds(1))), Claims.LEASE.holder()));

            // New tasks come after every old one, even after the newest was deleted (R11, R49).
            TaskPage firstPage = alpha.list("q", Optional.empty(), Optional.empty(), 4);
            assertEquals(List.of("done", "running", "pending", "newest"),
                    firstPage.tasks().stream().map(TaskRecord::id).toList());
            assertEquals(2, alpha.purgeExpired(T0.plusMillis(40).plus(Duration.ofHours(1)), 10), "done and newest");
            assertEquals(Optional.empty(), alpha.find("newest"));
            alpha.insert(new NewTask("after", "q", new byte[] {5}, T0.plusSeconds(2), T0.plusSeconds(2), 0,
                    Optional.of("k")));
            assertEquals("after", alpha.insert(new NewTask("dup", "q", new byte[0], T0.plusSeconds(2),
                    T0.plusSeconds(2), 0, Optional.of("k"))));

            List<ClaimedTask> claimed = Claims.claim(alpha, "q", 5, T0.plusSeconds(60));
            assertEquals(List.of("running", "after", "pending"), claimed.stream().map(ClaimedTask::id).toList());
            assertArrayEquals(new byte[] {3, 4}, claimed.get(2).payload());

            // Version 3 (R50, R51): the schedules table, beside the migrated queue.
            assertEquals(List.of(), alpha.schedules());
            assertTrue(alpha.saveSchedule("s", "q", "every PT1M", new byte[] {6}, T0));
            dev.taskhost.core.spi.StoredSchedule schedule = alpha.schedule("s").orElseThrow();
            NewTask fire = new NewTask("fired", "q", new byte[] {6}, T0.plusSeconds(60), T0.plusSeconds(60), 0,
                    Optional.of("schedule:s@" + T0.plusSeconds(60)));
            assertEquals(Optional.of("fired"), alpha.fire(new dev.taskhost.core.spi.ScheduleFire(schedule, fire)));
        }
        assertEquals(String.valueOf(Schema.VERSION), RawSqlite.queryOne(file(), "PRAGMA user_version"));
        assertEquals("5", String.valueOf(Schema.VERSION));
        assertEquals("ok", RawSqlite.queryOne(file(), "PRAGMA integrity_check"));
        assertEquals("0", RawSqlite.queryOne(file(), "SELECT count(*) FROM pragma_foreign_key_check"));
        assertEquals("4", RawSqlite.queryOne(file(),
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'tasks_by_%'"));
    }

    @Test
    @DisplayName("R23 a version-1 database migrates in one transaction: a failed step leaves it at version 1")
    void r23_failedMigrationLeavesVersion1() throws Exception {
        writeVersion1();
        // A version-1 database that version 2's key index cannot be built on would fail mid-way; here a
        // table in the way of the rebuild makes the third step fail.
        RawSqlite.execute(file(), "CREATE TABLE tasks_v2 (x INTEGER)");

        try (SqliteTaskStore store = openStore()) {
            TaskStoreException refused = assertThrows(TaskStoreException.class, () -> store.owner("alpha"));
            assertTrue(refused.getMessage().contains("migrate"), refused.getMessage());
        }
        assertEquals("1", RawSqlite.queryOne(file(), "PRAGMA user_version"));
        assertEquals("0", RawSqlite.queryOne(file(),
                "SELECT count(*) FROM pragma_table_info('queues') WHERE name = 'paused'"));
        assertEquals("4", RawSqlite.queryOne(file(), "SELECT count(*) FROM tasks"));
        assertFalse(Files.exists(file().resolveSibling("tasks.db-journal")));
    }
}
