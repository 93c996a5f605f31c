package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
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
 * Schema version 4 from a real version-3 database file, built by the store's own migrations 1 to 3,
 * with rows as a version-3 store wrote them; the store then migrates it to its current version.
 */
class SchemaV4MigrationTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final long MS = T0.toEpochMilli();

    @TempDir
    Path data;

    private Path file() {
        return data.resolve("alpha").resolve("tasks.db");
    }

    private void writeVersion3() throws Exception {
        Files.createDirectories(file().getParent());
        try (Connection connection = RawSqlite.open(file()); Handle handle = Daos.open(connection)) {
            handle.useTransaction(transaction -> Schema.migrate(transaction, 0, 3));
            handle.execute("PRAGMA journal_mode = WAL");
            handle.execute("PRAGMA user_version = 3");
            handle.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
        }
        String columns = "(seq, id, queue, status, payload, message, attempt, created_at, updated_at, ready_at,"
                + " finished_at, priority, key, lease_holder)";
        RawSqlite.execute(file(),
                "INSERT INTO queues VALUES ('q', 4, 3, 1000, 0, 3600000, 0, " + MS + ", 0, " + (MS - 5) + ")",
                "INSERT INTO tasks " + columns + " VALUES (1, 'done', 'q', 'COMPLETED', x'01', 'ok', 1, " + MS + ", "
                        + (MS + 10) + ", " + MS + ", " + (MS + 10) + ", 0, NULL, NULL)",
                "INSERT INTO tasks " + columns + " VALUES (2, 'running', 'q', 'RUNNING', x'02', '', 1, " + MS + ", "
                        + (MS + 20) + ", " + MS + ", NULL, 0, 'k2', 'old-host')",
                "INSERT INTO tasks " + columns + " VALUES (3, 'low', 'q', 'PENDING', x'03', '', 0, " + MS + ", "
                        + MS + ", " + MS + ", NULL, -1, NULL, NULL)",
                "INSERT INTO tasks " + columns + " VALUES (4, 'high', 'q', 'PENDING', x'04', '', 0, " + MS + ", "
                        + MS + ", " + (MS + 1) + ", NULL, 5, NULL, NULL)",
                "INSERT INTO tasks " + columns + " VALUES (5, 'later', 'q', 'PENDING', x'05', '', 0, " + MS + ", "
                        + MS + ", " + (MS + 60_000) + ", NULL, 9, NULL, NULL)",
                "INSERT INTO tasks " + columns + " VALUES (6, 'newest', 'q', 'CANCELLED', x'', '', 0, " + MS + ", "
                        + (MS + 40) + ", " + MS + ", " + (MS + 40) + ", 0, NULL, NULL)");
    }

    private SqliteTaskStore openStore() {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5)));
    }

    @Test
    @DisplayName("R23 R11 R42 a version-3 database migrates to version 4, its ready index holding pending tasks only")
    void r23_version3MigratesToPendingOnlyReadyIndex() throws Exception {
        writeVersion3();

        try (SqliteTaskStore store = openStore()) {
            SqliteOwnerStore alpha = (SqliteOwnerStore) store.owner("alpha");
            assertEquals(TaskStatus.COMPLETED, alpha.find("done").orElseThrow().status());
            // The next ready time walks every level, the one not ready yet included (R42).
            assertEquals(Optional.of(T0), alpha.nextReadyAt("q"));

            // R17, R38: the run of the version-3 host is abandoned; recorded by id, as no claim here knew it.
            assertEquals(List.of("running"),
                    alpha.abandoned("q", Claims.LEASE.holder()).stream().map(TaskRecord::id).toList());
            assertEquals(1, alpha.recordAbandoned(List.of(Outcome.retry("running", 1, "the host stopped (R17)",
                    T0.plusSeconds(1), T0.plusSeconds(1))), Claims.LEASE.holder()));

            // R42, R11: highest level first; a level not ready yet is passed over.
            List<ClaimedTask> claimed = Claims.claim(alpha, "q", 10, T0.plusSeconds(2));
            assertEquals(List.of("high", "running", "low"), claimed.stream().map(ClaimedTask::id).toList());
            assertEquals(2, claimed.get(1).attempt());

            // Outcomes of runs claimed here (recorded by seq), a retry among them, then claimed again.
            assertEquals(2, alpha.record(List.of(
                    Outcome.completed("high", 1, "", T0.plusSeconds(3)),
                    Outcome.retry("low", 1, "again", T0.plusSeconds(3), T0.plusSeconds(3)))));
            assertEquals(0, alpha.record(List.of(Outcome.completed("high", 1, "", T0.plusSeconds(3)))),
                    "an outcome applies once");
            ClaimedTask again = alpha.recordThenClaim(List.of(Outcome.completed("running", 2, "", T0.plusSeconds(4))),
                    new dev.taskhost.core.spi.ClaimRequest("q", 10, 10, Duration.ZERO, T0.plusSeconds(4),
                            Claims.LEASE)).claimed().get(0);
            assertEquals("low", again.id());
            assertEquals(1, alpha.record(List.of(Outcome.failed("low", 2, "no", T0.plusSeconds(5)))));
            assertEquals(TaskStatus.FAILED, alpha.find("low").orElseThrow().status());
            assertEquals(TaskStatus.COMPLETED, alpha.find("running").orElseThrow().status());

            // R43: the key the old run held is free again once it finished; a new task after every old one (R49).
            assertEquals("fresh", alpha.insert(new NewTask("fresh", "q", new byte[] {7}, T0.plusSeconds(6),
                    T0.plusSeconds(6), 0, Optional.of("k2"))));
            assertEquals(List.of("later", "fresh"), Claims.claim(alpha, "q", 10, T0.plusSeconds(120)).stream()
                    .map(ClaimedTask::id).toList());
        }
        assertEquals(String.valueOf(Schema.VERSION), RawSqlite.queryOne(file(), "PRAGMA user_version"));
        assertEquals("ok", RawSqlite.queryOne(file(), "PRAGMA integrity_check"));
        String ready = RawSqlite.queryOne(file(), "SELECT sql FROM sqlite_schema WHERE name = 'tasks_by_ready'");
        assertTrue(ready.endsWith("(queue, priority, ready_at, seq) WHERE status = 'PENDING'"), ready);
        assertEquals("4", RawSqlite.queryOne(file(),
                "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'tasks_by_%'"));
        assertEquals("7", RawSqlite.queryOne(file(), "SELECT seq FROM tasks WHERE id = 'fresh'"));
        assertFalse(RawSqlite.queryOne(file(), "SELECT count(*) FROM tasks").equals("0"));
    }
}
