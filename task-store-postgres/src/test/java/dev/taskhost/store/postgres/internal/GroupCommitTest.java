package dev.taskhost.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.store.postgres.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Enqueues that arrive while another is being written are stored together, in one statement. The
 * test holds the writer on a row lock (an uncommitted row with the first task's id), queues the next
 * enqueues behind it, then lets it go: they are written as one batch.
 */
class GroupCommitTest {

    private static final Instant NOW = Instant.ofEpochMilli(1_000_000);

    private final String schema = TestServer.freshSchema();

    @AfterEach
    void dropSchema() {
        TestServer.drop(schema);
    }

    @Test
    @DisplayName("R32 a task that cannot be stored fails its own enqueue only; the others written with it are stored")
    void oneBadTaskFailsAlone() throws Exception {
        // PostgreSQL text cannot hold a NUL character: the statement that carries this key fails.
        List<CompletableFuture<String>> calls = batched(List.of(task("good-1", Optional.empty()),
                task("bad", Optional.of("nul\u0000key")), task("good-2", Optional.empty())));
        assertEquals("good-1", calls.get(0).get(60, TimeUnit.SECONDS));
        ExecutionException failed = assertThrows(ExecutionException.class,
                () -> calls.get(1).get(60, TimeUnit.SECONDS));
        assertInstanceOf(TaskStoreException.class, failed.getCause());
        assertEquals("good-2", calls.get(2).get(60, TimeUnit.SECONDS));
        assertEquals(List.of("blocked", "good-1", "good-2"), storedIds());
    }

    @Test
    @DisplayName("R43 tasks of one key written together store one task, and every call returns its id")
    void oneKeyInOneBatch() throws Exception {
        List<CompletableFuture<String>> calls = batched(List.of(
                task("first", Optional.of("k")), task("second", Optional.of("k")), task("other", Optional.empty())));
        assertEquals("first", calls.get(0).get(60, TimeUnit.SECONDS));
        assertEquals("first", calls.get(1).get(60, TimeUnit.SECONDS));
        assertEquals("other", calls.get(2).get(60, TimeUnit.SECONDS));
        assertEquals(List.of("blocked", "first", "other"), storedIds());
    }

    @Test
    @DisplayName("R32 a task stored already, written again in a batch, is answered with its id and stored once")
    void aRepeatedTaskInABatchIsStoredOnce() throws Exception {
        try (TaskStore store = TestServer.provider(schema).open(new StoreContext(Optional.empty()))) {
            OwnerStore alpha = store.owner("alpha");
            alpha.saveQueue("q", QueueConfig.defaults(), NOW);
            assertEquals("again", alpha.insert(task("again", Optional.empty())));
            // Alone: the plain insert conflicts on the id, and the stored task answers.
            assertEquals("again", alpha.insert(task("again", Optional.empty())));
        }
        // In a batch: the batch's one statement fails on the id, and each of its tasks is written alone.
        List<CompletableFuture<String>> calls = batched(List.of(task("good-1", Optional.empty()),
                task("again", Optional.empty()), task("good-2", Optional.empty())));
        assertEquals(List.of("good-1", "again", "good-2"), List.of(calls.get(0).get(60, TimeUnit.SECONDS),
                calls.get(1).get(60, TimeUnit.SECONDS), calls.get(2).get(60, TimeUnit.SECONDS)));
        assertEquals(List.of("again", "blocked", "good-1", "good-2"), storedIds());
    }

    /**
     * Enqueues {@code tasks} so that they are written in one statement, in this order: behind an
     * enqueue held by a row lock until all of them are queued.
     */
    private List<CompletableFuture<String>> batched(List<NewTask> tasks) throws Exception {
        List<CompletableFuture<String>> calls = new ArrayList<>();
        ExecutorService threads = Executors.newCachedThreadPool();
        try (TaskStore store = TestServer.provider(schema).open(new StoreContext(Optional.empty()));
             Connection lock = TestServer.connect()) {
            OwnerStore alpha = store.owner("alpha");
            alpha.saveQueue("q", QueueConfig.defaults(), NOW);
            lock.setAutoCommit(false);
            try (PreparedStatement insert = lock.prepareStatement("INSERT INTO " + Schema.quoted(schema)
                    + ".tasks (id, owner, queue, status, payload, created_at, updated_at, ready_at) "
                    + "VALUES ('blocked', 'alpha', 'q', 'PENDING', '\\x01', 1, 1, 1)")) {
                insert.execute();
            }
            CompletableFuture<String> held = CompletableFuture.supplyAsync(
                    () -> alpha.insert(task("blocked", Optional.empty())), threads);
            poll("the first enqueue waits for the row lock", () -> waitingOnLock() == 1);
            Enqueues enqueues = ((PgTaskStore) store).enqueues();
            // One at a time, so that they queue, and are written, in the order given.
            for (NewTask task : tasks) {
                int queuedBefore = calls.size();
                calls.add(CompletableFuture.supplyAsync(() -> alpha.insert(task), threads));
                poll(task.id() + " queues behind it", () -> enqueues.queued() == queuedBefore + 1);
            }
            lock.rollback();
            assertEquals("blocked", held.get(60, TimeUnit.SECONDS));
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                    .get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }
        return calls;
    }

    private static NewTask task(String id, Optional<String> key) {
        return new NewTask(id, "q", new byte[] {1, 2, 3}, NOW, NOW, 0, key);
    }

    private int waitingOnLock() {
        return Integer.parseInt(query("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND query LIKE 'INSERT INTO \"" + schema + "\".tasks%'").get(0));
    }

    private List<String> storedIds() {
        return query("SELECT id FROM " + Schema.quoted(schema) + ".tasks ORDER BY id");
    }

    private static List<String> query(String sql) {
        try (Connection connection = TestServer.connect();
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls, bounded: the conditions here depend on other threads and the server. */
    private static void poll(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }
}
