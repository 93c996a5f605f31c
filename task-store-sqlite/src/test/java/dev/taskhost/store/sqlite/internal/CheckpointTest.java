package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.store.sqlite.Claims;
import dev.taskhost.store.sqlite.Durability;
import dev.taskhost.testkit.jvm.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints run outside the commits: the writer's connection never checkpoints, the store's
 * maintenance thread does from a connection of its own, and the log stays bounded however long the
 * writes go on. Figures are printed, never timed.
 */
class CheckpointTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    /** SQLite's default page size, plus the frame header. */
    private static final long FRAME_BYTES = 4096 + 24;

    @TempDir
    Path data;

    private StoreSettings settings(Duration idleClose) {
        return new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5), false, true, idleClose);
    }

    private Path databaseFile() {
        return data.resolve("alpha").resolve(SqliteTaskStore.DATABASE_FILE_NAME);
    }

    private long logBytes() throws IOException {
        Path log = databaseFile().resolveSibling(SqliteTaskStore.DATABASE_FILE_NAME + "-wal");
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** Inserts {@code count} tasks, then claims and finishes each, one transaction apiece. */
    private static void enqueueAndDrain(SqliteOwnerStore owner, String prefix, int count, Runnable every100)
            throws Exception {
        for (int i = 0; i < count; i++) {
            owner.insert(new NewTask(prefix + i, "q", new byte[64], T0));
            if (i % 100 == 0) {
                every100.run();
            }
        }
        for (int i = 0; i < count; i++) {
            for (ClaimedTask task : Claims.claim(owner, "q", 1, T0)) {
                owner.record(List.of(Outcome.completed(task.id(), task.attempt(), "", T0)));
            }
            if (i % 100 == 0) {
                every100.run();
            }
        }
    }

    /**
     * R9: a commit is in the log when it returns, checkpoint or not. The log file that grew past the
     * bound is cut back to {@link OwnerDatabase#LOG_FILE_LIMIT_BYTES} when it starts over, instead of
     * keeping its peak size (here about 110 MB) until the database closes.
     */
    @Test
    void commitsNeverCheckpointAndAnEmptiedLogFileShrinksBackToItsLimit() throws Exception {
        SqliteOwnerStore owner = new SqliteOwnerStore(OwnerDatabase.open("alpha", settings(Duration.ZERO)));
        try {
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            AtomicLong largest = new AtomicLong();
            // No checkpoint at all: SQLite's automatic one would keep the log near 1,000 frames.
            enqueueAndDrain(owner, "a", 2_000, () -> { });
            long unchecked = logBytes();
            System.out.printf("log after 2,000 tasks without a checkpoint: %,d bytes (%,d frames)%n",
                    unchecked, unchecked / FRAME_BYTES);
            assertTrue(unchecked > 2_000 * FRAME_BYTES, "no commit checkpointed: the log holds every write, "
                    + unchecked + " bytes");

            // A checkpoint tried every 100 calls: the log starts over after each, in a file cut back
            // to the limit, and stays within it.
            assertTrue(owner.checkpoint());
            assertFalse(owner.checkpoint(), "nothing used the database since the last checkpoint");
            enqueueAndDrain(owner, "b", 5_000, () -> {
                owner.checkpoint();
                try {
                    largest.accumulateAndGet(logBytes(), Math::max);
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
            OwnerDatabase.CheckpointFigures figures = owner.checkpointFigures();
            System.out.printf("with checkpoints every 100 calls: log file at most %,d bytes; %s%n",
                    largest.get(), figures);
            assertTrue(unchecked > OwnerDatabase.LOG_FILE_LIMIT_BYTES, "the log grew past its file's limit first");
            assertTrue(largest.get() <= OwnerDatabase.LOG_FILE_LIMIT_BYTES,
                    "the log file was cut back to its limit when the log started over: " + largest.get() + " bytes");
            assertEquals(5_000L, owner.countByStatus("q").get(TaskStatus.COMPLETED) - 2_000L);
        } finally {
            owner.close();
        }
        assertFalse(Files.exists(databaseFile().resolveSibling(SqliteTaskStore.DATABASE_FILE_NAME + "-wal")),
                "the last connection closed emptied and removed the log");
    }

    /**
     * Many owners in use cost a look each, not a checkpoint each: a log below
     * {@link OwnerDatabase#CHECKPOINT_FRAMES} frames is left to grow, with no checkpoint and no
     * checkpoint connection (open files stay at the writer's three), and keeps every write (R9):
     * closing the database copies it.
     */
    @Test
    void aLogBelowTheCheckpointSizeIsLeftToGrowAndKeepsEveryWrite() throws Exception {
        SqliteOwnerStore small = new SqliteOwnerStore(OwnerDatabase.open("alpha", settings(Duration.ZERO)));
        SqliteOwnerStore busy = new SqliteOwnerStore(OwnerDatabase.open("beta", settings(Duration.ZERO)));
        try {
            small.saveQueue("q", QueueConfig.defaults(), T0);
            busy.saveQueue("q", QueueConfig.defaults(), T0);
            for (int i = 0; i < 20; i++) {
                small.insert(new NewTask("s" + i, "q", new byte[64], T0));
            }
            assertFalse(small.checkpoint(), "20 inserts are far below the checkpoint size");
            assertFalse(small.checkpointConnected(), "no checkpoint connection for a small log");
            assertEquals(0L, small.checkpointFigures().checkpoints());
            if (OpenFiles.countable()) {
                assertEquals(4L, OpenFiles.descriptorsOn(databaseFile()),
                        "the writer's database, log and index, and the look's descriptor on the index");
            }

            enqueueAndDrain(busy, "b", 300, () -> { });
            assertTrue(busy.checkpoint(), "600 transactions pass the checkpoint size");
            assertTrue(busy.checkpointConnected());
            assertFalse(busy.checkpoint(), "nothing written since");
        } finally {
            small.close();
            busy.close();
        }
        SqliteOwnerStore reopened = new SqliteOwnerStore(OwnerDatabase.open("alpha", settings(Duration.ZERO)));
        try {
            assertEquals(20L, reopened.countByStatus("q").get(TaskStatus.PENDING));
        } finally {
            reopened.close();
        }
    }

    /**
     * The count the maintenance thread decides on: frames written and not yet copied, none once a
     * checkpoint copied them all, and unknown without a wal-index (then it checkpoints as before).
     */
    @Test
    void theWalIndexCountsTheFramesNotYetCopied() throws Exception {
        SqliteOwnerStore owner = new SqliteOwnerStore(OwnerDatabase.open("alpha", settings(Duration.ZERO)));
        try (WalIndex index = new WalIndex(databaseFile())) {
            try {
                owner.saveQueue("q", QueueConfig.defaults(), T0);
                int before = index.uncopiedFrames().orElseThrow();
                enqueueAndDrain(owner, "a", 300, () -> { });
                int written = index.uncopiedFrames().orElseThrow();
                System.out.printf("frames not yet copied: %,d before, %,d after 300 tasks%n", before, written);
                assertTrue(written >= before + 600, "at least a frame per transaction: " + written);
                assertTrue(owner.checkpoint());
                assertEquals(0, index.uncopiedFrames().orElseThrow(), "the checkpoint copied them all");
            } finally {
                owner.close(); // before the index's descriptor, which is what the store does too
            }
        }
        try (WalIndex closed = new WalIndex(databaseFile())) {
            assertTrue(closed.uncopiedFrames().isEmpty(), "closed: no wal-index to read");
        }
    }

    /**
     * The maintenance thread's look at the wal-index and its sync of the database file keep a
     * descriptor on each, as long as a connection is open: closing one would drop the locks by
     * which SQLite tells other processes that the database is in use, and a process opening it then
     * (an {@code inspect}, a console) would rebuild the index under the host. Another process checks
     * the locks, after checkpoints and after an idle close and reopen, and finds the database free
     * once it is closed.
     */
    @Test
    void checkpointsLeaveTheLocksThatTellOtherProcessesTheDatabaseIsInUse() throws Exception {
        SqliteOwnerStore owner = new SqliteOwnerStore(OwnerDatabase.open("alpha", settings(Duration.ZERO)));
        try {
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            enqueueAndDrain(owner, "a", 300, () -> { });
            assertTrue(owner.checkpoint(), "600 transactions pass the checkpoint size");
            assertTrue(owner.database().walIndexOpen(), "the look at the index keeps its descriptor");
            assertEquals(List.of("database: in use", "wal-index: in use"), probeFromAnotherProcess());

            assertTrue(owner.closeIfIdle(0));
            assertFalse(owner.database().walIndexOpen(), "closed with the connections");
            enqueueAndDrain(owner, "b", 300, () -> { });
            assertTrue(owner.checkpoint());
            assertEquals(List.of("database: in use", "wal-index: in use"), probeFromAnotherProcess(),
                    "after an idle close and a reopen");
        } finally {
            owner.close();
        }
        assertFalse(owner.database().walIndexOpen());
        assertEquals(List.of("database: free", "wal-index: absent"), probeFromAnotherProcess(), "closed");
    }

    private List<String> probeFromAnotherProcess() throws Exception {
        try (ChildJvm probe = ChildJvm.start(Files.createTempFile(data, "probe", ".out"), InUseProbe.class,
                databaseFile().toString())) {
            assertEquals(0, probe.awaitExit(Duration.ofSeconds(60)), probe::output);
            return probe.output().lines().toList();
        }
    }

    @Test
    void theLogStaysBoundedUnderALongDrainFromSeveralThreads() throws Exception {
        try (SqliteTaskStore store = SqliteTaskStore.open(settings(Duration.ZERO))) {
            SqliteOwnerStore owner = (SqliteOwnerStore) store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            AtomicLong largest = new AtomicLong();
            int threads = 3;
            int each = 8_000;
            ExecutorService writers = Executors.newFixedThreadPool(threads);
            long started = System.nanoTime();
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    String prefix = "t" + t + "-";
                    done.add(writers.submit(() -> {
                        enqueueAndDrain(owner, prefix, each, () -> {
                            try {
                                largest.accumulateAndGet(logBytes(), Math::max);
                            } catch (IOException e) {
                                throw new AssertionError(e);
                            }
                        });
                        return null;
                    }));
                }
                for (Future<?> one : done) {
                    one.get();
                }
            } finally {
                writers.shutdownNow();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            OwnerDatabase.CheckpointFigures figures = owner.checkpointFigures();
            System.out.printf("%,d tasks enqueued and drained from %d threads in %.1f s; log file at most %,d bytes "
                    + "(%,d frames, bound %,d); %s%n", threads * each, threads, seconds, largest.get(),
                    largest.get() / FRAME_BYTES, OwnerDatabase.LOG_BOUND_FRAMES, figures);
            assertEquals((long) threads * each, owner.countByStatus("q").get(TaskStatus.COMPLETED));
            assertTrue(figures.checkpoints() > 0, "the maintenance thread checkpointed");
            // Bounded, not timed: far below the ~100,000 frames these writes leave without checkpoints,
            // with room for a maintenance thread held up on a loaded machine.
            assertTrue(largest.get() < 4L * OwnerDatabase.LOG_BOUND_FRAMES * FRAME_BYTES,
                    "the log stays bounded: " + largest.get() + " bytes");
        }
    }

    @Test
    void closingTheStoreStopsItsThreadAndLeavesNoFileOpen() throws Exception {
        long before = maintenanceThreads();
        SqliteOwnerStore owner;
        try (SqliteTaskStore store = SqliteTaskStore.open(settings(Duration.ZERO))) {
            owner = (SqliteOwnerStore) store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int i = 0;
            while (!owner.checkpointConnected() && System.nanoTime() < deadline) {
                owner.insert(new NewTask("t" + i++, "q", new byte[8], T0));
                Thread.sleep(5);
            }
            assertTrue(owner.checkpointConnected(), "the maintenance thread opened the checkpoint's connection");
            assertEquals(before + 1, maintenanceThreads(), "one maintenance thread for the store");
            if (OpenFiles.countable()) {
                System.out.printf("open files on the database while in use: %d%n", OpenFiles.descriptorsOn(databaseFile()));
            }
        }
        assertFalse(owner.checkpointConnected());
        if (OpenFiles.countable()) {
            assertEquals(0, OpenFiles.descriptorsOn(databaseFile()), "no descriptor left on the database or its log");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (maintenanceThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(before, maintenanceThreads(), "the maintenance thread ended with the store");
    }

    @Test
    void anIdleCloseClosesTheCheckpointsConnectionToo() throws Exception {
        try (SqliteTaskStore store = SqliteTaskStore.open(settings(Duration.ofMillis(300)))) {
            SqliteOwnerStore owner = (SqliteOwnerStore) store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), T0);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int i = 0;
            while (!owner.checkpointConnected() && System.nanoTime() < deadline) {
                owner.insert(new NewTask("t" + i++, "q", new byte[8], T0));
                Thread.sleep(5);
            }
            assertTrue(owner.checkpointConnected());
            while ((owner.connected() || owner.checkpointConnected()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertFalse(owner.connected());
            assertFalse(owner.checkpointConnected());
            if (OpenFiles.countable()) {
                assertEquals(0, OpenFiles.descriptorsOn(databaseFile()), "no descriptor left after the idle close");
            }
            assertEquals((long) i, owner.countByStatus("q").get(TaskStatus.PENDING));
        }
    }

    private static long maintenanceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && thread.getName().equals("taskhost-sqlite-maintenance"))
                .count();
    }
}
