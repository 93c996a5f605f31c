package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.store.sqlite.Claims;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An owner database unused for the idle time has its files closed, and opens again on the next use. */
class IdleCloseTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    private SqliteTaskStore openStore(Duration idleClose) {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5), false, true,
                idleClose));
    }


    private static void awaitClosed(SqliteOwnerStore owner) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (owner.connected() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(owner.connected(), "the idle database's connection was closed");
    }

    @Test
    void idleDatabaseClosesItsFilesKeepsTheLockAndWorksAfter() throws Exception {
        try (SqliteTaskStore store = openStore(Duration.ofMillis(100))) {
            SqliteOwnerStore owner = (SqliteOwnerStore) store.owner("alpha");
            Path file = data.resolve("alpha").resolve(SqliteTaskStore.DATABASE_FILE_NAME);
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            for (int i = 0; i < 5; i++) {
                owner.insert(new NewTask("t" + i, "q", new byte[] {(byte) i}, T0));
            }
            List<ClaimedTask> running = Claims.claim(owner, "q", 2, T0);
            assertEquals(2, running.size());
            if (OpenFiles.countable()) {
                assertTrue(OpenFiles.descriptorsOn(file) > 0, "the database is open while in use");
            }

            awaitClosed(owner);
            if (OpenFiles.countable()) {
                assertEquals(0, OpenFiles.descriptorsOn(file), "no descriptor left on the database or its log");
            }
            // The directory lock (R38) is still held: closing the database released nothing else.
            TaskStoreException refused = assertThrows(TaskStoreException.class, () -> openStore(Duration.ZERO));
            assertTrue(refused.getMessage().contains("in use"), refused.getMessage());

            // Every kind of operation works on the reopened database, running tasks included.
            assertEquals(TaskStatus.RUNNING, owner.find(running.get(0).id()).orElseThrow().status());
            assertEquals(2, owner.running("q").size());
            assertEquals(1, owner.record(List.of(Outcome.completed(running.get(0).id(), running.get(0).attempt(),
                    "done", T0.plusSeconds(1)))));
            assertTrue(owner.connected());
            awaitClosed(owner);
            owner.insert(new NewTask("t5", "q", new byte[] {5}, T0));
            awaitClosed(owner);
            assertEquals(3, Claims.claim(owner, "q", 3, T0.plusSeconds(2)).size());
            awaitClosed(owner);
            assertEquals(Optional.of(TaskStatus.RUNNING), owner.cancel(running.get(1).id(), false, T0.plusSeconds(3)));
            assertEquals(6, owner.list("q", Optional.empty(), Optional.empty(), 100).tasks().size());
            assertEquals(1L, owner.countByStatus("q").get(TaskStatus.COMPLETED));
            assertEquals(List.of("q"), owner.queueNames());
        }
        // Once the store is closed, another opens the directory and sees everything.
        try (SqliteTaskStore store = openStore(Duration.ZERO)) {
            assertEquals(6, store.owner("alpha").list("q", Optional.empty(), Optional.empty(), 100).tasks().size());
        }
    }

    @Test
    void useDuringIdleClosesIsSafe() throws Exception {
        try (SqliteTaskStore store = openStore(Duration.ofMillis(1))) {
            OwnerStore owner = store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        int ran = 0;
                        for (int i = 0; i < 100; i++) {
                            owner.insert(new NewTask("t" + thread + "-" + i, "q", new byte[] {1}, T0));
                            for (ClaimedTask task : Claims.claim(owner, "q", 1, T0)) {
                                owner.record(List.of(Outcome.completed(task.id(), task.attempt(), "", T0)));
                                ran++;
                            }
                            if (i % 10 == 0) {
                                Thread.sleep(3); // long enough for the idle close to strike in between
                            }
                        }
                        return ran;
                    }));
                }
                int ran = 0;
                for (Future<Integer> one : done) {
                    ran += one.get();
                }
                long left = owner.countByStatus("q").getOrDefault(TaskStatus.PENDING, 0L);
                assertEquals(400, ran + left);
                assertEquals((long) ran, owner.countByStatus("q").get(TaskStatus.COMPLETED));
            } finally {
                threads.shutdownNow();
            }
        }
    }

    @Test
    void zeroKeepsDatabasesOpen() throws Exception {
        try (SqliteTaskStore store = openStore(Duration.ZERO)) {
            SqliteOwnerStore owner = (SqliteOwnerStore) store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            Thread.sleep(50);
            assertTrue(owner.connected());
        }
    }
}
