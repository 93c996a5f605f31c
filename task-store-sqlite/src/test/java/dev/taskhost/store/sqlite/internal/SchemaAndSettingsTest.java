package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the store sets up in each owner database: journal, sync, schema version, indexes. */
class SchemaAndSettingsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    private SqliteTaskStore openStore(Durability durability, Duration busyTimeout) {
        return SqliteTaskStore.open(new StoreSettings(data, durability, busyTimeout));
    }

    private static <T> T onConnection(SqliteTaskStore store, String owner, OwnerDatabase.Work<T> work) {
        return ((SqliteOwnerStore) store.owner(owner)).database().call("test", work);
    }

    private static String pragma(SqliteTaskStore store, String name) {
        return onConnection(store, "alpha",
                handle -> handle.createQuery("PRAGMA " + name).mapTo(String.class).one());
    }

    @Test
    @DisplayName("R9 the database runs in WAL mode with synchronous NORMAL by default")
    void r9_walWithSynchronousNormal() throws Exception {
        try (SqliteTaskStore store = openStore(Durability.NORMAL, Duration.ofSeconds(5))) {
            assertEquals("wal", pragma(store, "journal_mode"));
            assertEquals("1", pragma(store, "synchronous"), "1 is NORMAL");
            assertEquals("5000", pragma(store, "busy_timeout"));
            assertEquals("1", pragma(store, "foreign_keys"));
        }
        Path file = data.resolve("alpha").resolve("tasks.db");
        // Closing the store closed its connection: SQLite checkpointed and removed the log.
        for (Path companion : RawSqlite.companions(file)) {
            assertFalse(java.nio.file.Files.exists(companion), companion + " is left after close");
        }
        // The journal mode is kept in the file, for every connection.
        assertEquals("wal", RawSqlite.queryOne(file, "PRAGMA journal_mode"));
    }

    @Test
    @DisplayName("R9 Durability.FULL sets synchronous FULL; the busy timeout is the one given")
    void r9_fullDurability() {
        try (SqliteTaskStore store = openStore(Durability.FULL, Duration.ofMillis(1234))) {
            assertEquals("wal", pragma(store, "journal_mode"));
            assertEquals("2", pragma(store, "synchronous"), "2 is FULL");
            assertEquals("1234", pragma(store, "busy_timeout"));
        }
    }

    @Test
    @DisplayName("R23 the schema version and application id are written, and reopening keeps them")
    void r23_userVersionAndApplicationId() throws Exception {
        Path file = data.resolve("alpha").resolve("tasks.db");
        for (int open = 0; open < 2; open++) {
            try (SqliteTaskStore store = openStore(Durability.NORMAL, Duration.ofSeconds(5))) {
                store.owner("alpha").saveQueue("q" + open, QueueConfig.defaults(), T0);
            }
            assertEquals(String.valueOf(Schema.VERSION), RawSqlite.queryOne(file, "PRAGMA user_version"));
            assertEquals(String.valueOf(Schema.APPLICATION_ID), RawSqlite.queryOne(file, "PRAGMA application_id"));
            DatabaseFileHeader header = DatabaseFileHeader.read(file, "test").orElseThrow();
            assertEquals(new DatabaseFileHeader(Schema.VERSION, Schema.APPLICATION_ID), header);
        }
        assertEquals("2", RawSqlite.queryOne(file, "SELECT count(*) FROM queues"));
    }

    @Test
    @DisplayName("R11 the claim finds the next ready tasks by a range scan of the ready index")
    void r11_claimUsesTheReadyIndex() {
        try (SqliteTaskStore store = openStore(Durability.NORMAL, Duration.ofSeconds(5))) {
            SqliteOwnerStore alpha = (SqliteOwnerStore) store.owner("alpha");
            alpha.saveQueue("q", QueueConfig.defaults(), T0);
            alpha.saveQueue("other", QueueConfig.defaults(), T0);
            for (int i = 0; i < 200; i++) {
                alpha.insert(new NewTask("t" + i, i % 2 == 0 ? "q" : "other", new byte[16], T0.plusMillis(i)));
            }

            List<String> inner = onConnection(store, "alpha", handle -> handle
                    .createQuery("EXPLAIN QUERY PLAN " + TaskStatements.CLAIM_CANDIDATES)
                    .bind(0, "q").bind(1, 0).bind(2, T0.plusSeconds(1).toEpochMilli()).bind(3, 5)
                    .map((row, context) -> row.getString("detail"))
                    .list());

            assertTrue(inner.stream().anyMatch(step -> step.startsWith("SEARCH tasks USING COVERING INDEX "
                    + Schema.READY_INDEX + " (queue=? AND priority=? AND ready_at<?)")), inner.toString());
            assertFalse(inner.stream().anyMatch(step -> step.startsWith("SCAN")), "no full scan: " + inner);
            assertFalse(inner.stream().anyMatch(step -> step.contains("TEMP B-TREE")), "no sort: " + inner);
        }
    }

    private static List<String> plan(SqliteTaskStore store, String sql, Object... arguments) {
        return onConnection(store, "alpha", handle -> {
            var query = handle.createQuery("EXPLAIN QUERY PLAN " + sql);
            for (int i = 0; i < arguments.length; i++) {
                query.bind(i, arguments[i]);
            }
            return query.map((row, context) -> row.getString("detail")).list();
        });
    }

    /** @param index the index the plan must use, or null for any of the tasks table's indexes */
    private static void assertSearches(List<String> plan, String index, String constraint) {
        assertTrue(plan.stream().anyMatch(step -> step.startsWith("SEARCH tasks USING ")
                && step.contains("INDEX " + (index == null ? "tasks_by_" : index + " "))
                && step.endsWith("(" + constraint + ")")), plan.toString());
        assertFalse(plan.stream().anyMatch(step -> step.startsWith("SCAN tasks")), "no full scan: " + plan);
        assertFalse(plan.stream().anyMatch(step -> step.contains("TEMP B-TREE")), "no sort: " + plan);
    }

    @Test
    @DisplayName("R12 R42 R43 R49 the claim's queue read and level walk, the key's holder and a page are index range scans")
    void r42_r43_r49_otherHotStatementsUseIndexes() {
        try (SqliteTaskStore store = openStore(Durability.NORMAL, Duration.ofSeconds(5))) {
            SqliteOwnerStore alpha = (SqliteOwnerStore) store.owner("alpha");
            alpha.saveQueue("q", QueueConfig.defaults(), T0);
            alpha.saveQueue("other", QueueConfig.defaults(), T0);
            for (int i = 0; i < 200; i++) {
                alpha.insert(new NewTask("t" + i, i % 2 == 0 ? "q" : "other", new byte[16], T0.plusMillis(i),
                        T0.plusMillis(i), i % 5, i % 3 == 0 ? java.util.Optional.of("k" + i) : java.util.Optional.empty()));
            }

            assertSearches(plan(store, TaskStatements.NEXT_LEVEL, "q", Integer.MAX_VALUE + 1L),
                    Schema.READY_INDEX, "queue=? AND priority<?");
            // The claim's first read: the queue by its key, its running tasks a range scan (R12).
            List<String> claimState = plan(store, TaskStatements.CLAIM_STATE, "q");
            assertTrue(claimState.stream().anyMatch(step -> step.startsWith("SEARCH queues USING ")
                    && step.endsWith("(name=?)")), claimState.toString());
            assertFalse(claimState.stream().anyMatch(step -> step.startsWith("SCAN queues")), claimState.toString());
            assertSearches(claimState, null, "queue=? AND status=?"); // the ready or the status index
            assertSearches(plan(store, "SELECT id FROM tasks WHERE queue = ? AND key = ? AND key IS NOT NULL AND "
                    + Schema.UNFINISHED, "q", "k3"), Schema.KEY_INDEX, "queue=? AND key=?");
            assertSearches(plan(store, "SELECT " + Rows.TASK_COLUMNS + " FROM tasks"
                    + " WHERE queue = ? AND status = ? AND seq > ? ORDER BY seq LIMIT ?", "q", "PENDING", 10L, 11),
                    Schema.STATUS_INDEX, "queue=? AND status=? AND seq>?");
        }
    }
}
