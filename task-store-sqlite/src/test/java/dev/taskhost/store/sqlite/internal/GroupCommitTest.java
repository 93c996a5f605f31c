package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent writes share transactions, and each stays as durable and as isolated in failure as alone. */
class GroupCommitTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    private SqliteTaskStore openStore() {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5)));
    }

    @Test
    @DisplayName("R9 writes queued behind a busy connection commit as one group; a failing one fails alone")
    void r9_aGroupWithAFailingWriteCommitsTheOthersAndFailsOnlyThatOne() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(6);
        try (SqliteTaskStore store = openStore()) {
            OwnerStore owner = store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            OwnerDatabase database = ((SqliteOwnerStore) owner).database();
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = writers.submit(() -> database.call("hold the connection", handle -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.sql.SQLException("interrupted while holding the connection", e);
                }
                return null;
            }));
            assertTrue(holding.await(10, TimeUnit.SECONDS));

            List<Future<?>> good = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String id = "good-" + i;
                good.add(writers.submit(() -> owner.insert(new NewTask(id, "q", new byte[] {1}, T0))));
            }
            // A queue that was never saved: the foreign key refuses the task.
            Future<?> bad = writers.submit(() -> owner.insert(new NewTask("bad", "nowhere", new byte[0], T0)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (database.waitingWrites() < 5) {
                assertTrue(System.nanoTime() < deadline, "the writes never queued up");
                Thread.sleep(1);
            }
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);

            for (Future<?> write : good) {
                write.get(10, TimeUnit.SECONDS);
            }
            ExecutionException failure = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
            assertInstanceOf(TaskStoreException.class, failure.getCause());
            assertTrue(failure.getCause().getMessage().contains("insert task bad"), failure.getCause().getMessage());
        } finally {
            writers.shutdownNow();
        }
        try (SqliteTaskStore reopened = openStore()) {
            OwnerStore owner = reopened.owner("alpha");
            assertEquals(4L, owner.countByStatus("q").get(TaskStatus.PENDING));
            assertTrue(owner.find("bad").isEmpty());
        }
    }

    @Test
    @DisplayName("R9 many threads writing at once lose nothing")
    void r9_concurrentWritersLoseNothing() throws Exception {
        int threads = 8;
        int each = 200;
        ExecutorService writers = Executors.newFixedThreadPool(threads);
        try (SqliteTaskStore store = openStore()) {
            OwnerStore owner = store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(writers.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        owner.insert(new NewTask(thread + "-" + i, "q", new byte[] {(byte) i}, T0.plusMillis(i)));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : done) {
                writer.get(60, TimeUnit.SECONDS);
            }
        } finally {
            writers.shutdownNow();
        }
        try (SqliteTaskStore reopened = openStore()) {
            assertEquals((long) threads * each, reopened.owner("alpha").countByStatus("q").get(TaskStatus.PENDING));
        }
    }
}
