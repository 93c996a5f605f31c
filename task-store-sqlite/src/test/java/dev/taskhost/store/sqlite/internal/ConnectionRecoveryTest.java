package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

/**
 * R31, R32: a failure leaves the connection usable. A full database is made with SQLite's own
 * {@code max_page_count} on the store's connection (the faults suite does it with a real full file
 * system): SQLite fails with SQLITE_FULL, rolls the transaction back by itself, and the driver
 * finalizes the statement that failed.
 */
class ConnectionRecoveryTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final byte[] LARGE = new byte[64 * 1024];

    @TempDir
    Path data;

    private SqliteTaskStore openStore() {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5)));
    }

    private static OwnerDatabase databaseOf(OwnerStore owner) {
        return ((SqliteOwnerStore) owner).database();
    }

    /** No page may be added to the file: what a full disk is to SQLite. */
    private static void fillUp(OwnerDatabase database) {
        database.call("fill up", handle -> {
            long pages = handle.createQuery("PRAGMA page_count").mapTo(Long.class).one();
            return handle.createQuery("PRAGMA max_page_count = " + pages).mapTo(Long.class).one();
        });
    }

    private static void makeRoom(OwnerDatabase database) {
        database.call("make room", handle -> handle.createQuery("PRAGMA max_page_count = 1073741823")
                .mapTo(Long.class).one());
    }

    private static void insert(OwnerStore owner, String id, byte[] payload) {
        owner.insert(new NewTask(id, "q", payload, T0));
    }

    @Test
    @DisplayName("R31 R32 after a full disk the same store inserts again, and what it acknowledged is durable")
    void r31_afterAFullDiskTheSameStoreWorksAgain() throws Exception {
        try (SqliteTaskStore store = openStore()) {
            OwnerStore owner = store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            insert(owner, "a", new byte[] {1});
            insert(owner, "b", new byte[] {2});
            OwnerDatabase database = databaseOf(owner);
            database.call("make a table to fill", handle -> handle.execute("CREATE TABLE filler (b BLOB)"));
            fillUp(database);

            // A lone insert (SQLite's implicit transaction) and two explicit transactions fail full.
            TaskStoreException full = assertThrows(TaskStoreException.class, () -> insert(owner, "big", LARGE));
            assertTrue(full.getMessage().contains("SQLITE_FULL"), full.getMessage());
            for (int i = 0; i < 2; i++) {
                assertThrows(TaskStoreException.class, () -> database.write("fill",
                        handle -> handle.execute("INSERT INTO filler VALUES (?)", (Object) LARGE)));
            }

            makeRoom(database);
            insert(owner, "c", new byte[] {3});
            insert(owner, "big-later", LARGE);
            database.write("fill", handle -> handle.execute("INSERT INTO filler VALUES (?)", (Object) LARGE));
            assertEquals(4, owner.cancelPending("q", T0.plusSeconds(1)));
        }
        try (SqliteTaskStore reopened = openStore()) {
            OwnerStore owner = reopened.owner("alpha");
            for (String id : List.of("a", "b", "c", "big-later")) {
                assertEquals(TaskStatus.CANCELLED, owner.find(id).orElseThrow().status(), id);
            }
            assertTrue(owner.find("big").isEmpty(), "the insert that threw stored nothing");
            assertEquals("1", databaseOf(owner).call("count the filler",
                    handle -> handle.createQuery("SELECT count(*) FROM filler").mapTo(String.class).one()));
            assertEquals("ok", databaseOf(owner).call("check",
                    handle -> handle.createQuery("PRAGMA integrity_check").mapTo(String.class).one()));
        }
    }

    @Test
    @DisplayName("R31 a failed transaction leaves none open: a later write is committed, not kept in it")
    void r31_noTransactionIsLeftOpenAfterFailures() throws Exception {
        try (SqliteTaskStore store = openStore()) {
            OwnerStore owner = store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            OwnerDatabase database = databaseOf(owner);
            database.call("make a table to fill", handle -> handle.execute("CREATE TABLE filler (b BLOB)"));
            insert(owner, "a", new byte[] {1});
            fillUp(database);
            for (int i = 0; i < 3; i++) {
                assertThrows(TaskStoreException.class, () -> database.write("fill",
                        handle -> handle.execute("INSERT INTO filler VALUES (?)", (Object) LARGE)));
                assertThrows(TaskStoreException.class, () -> insert(owner, "big", LARGE));
            }
            // Still full: a change that needs no new page is acknowledged, so it must be committed.
            assertEquals(1, owner.cancelPending("q", T0.plusSeconds(1)));
            makeRoom(database);
        }
        try (SqliteTaskStore reopened = openStore()) {
            assertEquals(TaskStatus.CANCELLED, reopened.owner("alpha").find("a").orElseThrow().status());
        }
    }

    @Test
    @DisplayName("R32 an Error inside one write of a group commit fails that write alone")
    void r32_anErrorInOneWriteFailsOnlyThatWrite() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(6);
        try (SqliteTaskStore store = openStore()) {
            OwnerStore owner = store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            OwnerDatabase database = databaseOf(owner);
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
                good.add(writers.submit(() -> insert(owner, id, new byte[] {1})));
            }
            // A real OutOfMemoryError, and a cheap one: an array larger than the VM allows.
            Future<?> failing = writers.submit(() -> database.write("allocate", handle -> new long[Integer.MAX_VALUE]));
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
            ExecutionException failure = assertThrows(ExecutionException.class, () -> failing.get(10, TimeUnit.SECONDS));
            assertSame(OutOfMemoryError.class, failure.getCause().getClass());
            // The store goes on.
            insert(owner, "after", new byte[] {2});
        } finally {
            writers.shutdownNow();
        }
        try (SqliteTaskStore reopened = openStore()) {
            assertEquals(5L, reopened.owner("alpha").countByStatus("q").get(TaskStatus.PENDING));
        }
    }
}
