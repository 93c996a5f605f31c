package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.QueueActivity;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.HostBeat;
import dev.taskhost.core.spi.HostQueue;
import dev.taskhost.core.spi.LiveHost;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.ProgressReport;
import dev.taskhost.core.spi.RunRef;
import dev.taskhost.core.spi.ScheduleFire;
import dev.taskhost.core.spi.StoredSchedule;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskPage;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link TaskStoreProvider} must pass. Extend it in a test of the store and
 * implement {@link #provider(Path)}; each test gets a fresh store in its own temporary directory.
 *
 * <p>Times are given by the test, never read from a clock, as the host does. Test and lifecycle
 * methods are public so that the contract also runs where its package is exported but not opened.
 *
 * <p>Needs {@code dev.taskhost.core} (the storage SPI), which this module requires only statically:
 * a store's tests have it anyway.
 */
// The SPI types in its signatures come from dev.taskhost.core, which this module requires only
// statically (plugin authors testing against the fake do not need it); a store's tests have it.
@SuppressWarnings("exports")
public abstract class TaskStoreContract {

    /** A fixed instant to count from, whole milliseconds. */
    protected static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    /** The lease of this test's host. */
    protected static final Lease LEASE = new Lease("host-" + UUID.randomUUID(), Duration.ofSeconds(30));
    private static final int PURGE_CHUNK = 1_000;

    private Path dataDirectory;
    private TaskStoreProvider provider;
    private TaskStore store;

    /** For subclasses. */
    protected TaskStoreContract() {
    }

    /**
     * The provider under test, for a store kept in {@code dataDirectory}. Called once per test;
     * {@link #reopen()} opens the same provider again.
     *
     * @param dataDirectory an empty temporary directory, also passed in the {@link StoreContext}
     */
    protected abstract TaskStoreProvider provider(Path dataDirectory);

    /** Opens a fresh store in a new temporary directory. */
    @BeforeEach
    public void openStore(@TempDir Path temporaryDirectory) {
        dataDirectory = temporaryDirectory;
        provider = provider(temporaryDirectory);
        store = provider.open(context());
    }

    /** Closes the store the test left open. */
    @AfterEach
    public void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** The store under test. */
    protected TaskStore store() {
        return store;
    }

    /** The store's data directory. */
    protected Path dataDirectory() {
        return dataDirectory;
    }

    /** The context the store is opened with. */
    protected StoreContext context() {
        return new StoreContext(Optional.of(dataDirectory));
    }

    /** Closes the store and opens it again with the same provider and context. */
    protected TaskStore reopen() {
        store.close();
        store = null;
        store = provider.open(context());
        return store;
    }

    // ---------------------------------------------------------------- helpers

    /** Owner "alpha" with the queue "q" saved with default settings. */
    private OwnerStore alphaWithQueue() {
        OwnerStore alpha = store.owner("alpha");
        alpha.saveQueue("q", QueueConfig.defaults(), T0);
        return alpha;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String insert(OwnerStore owner, String queue, Instant createdAt) {
        return insert(owner, queue, createdAt, new byte[] {1, 2, 3});
    }

    private static String insert(OwnerStore owner, String queue, Instant createdAt, byte[] payload) {
        String id = newId();
        assertEquals(id, owner.insert(new NewTask(id, queue, payload, createdAt)));
        return id;
    }

    private static TaskRecord found(OwnerStore owner, String id) {
        return owner.find(id).orElseThrow(() -> new AssertionError("task " + id + " not found"));
    }

    private static List<String> ids(List<ClaimedTask> claimed) {
        return claimed.stream().map(ClaimedTask::id).toList();
    }

    /** A claim with no limit but {@code max}: concurrency as high as it goes, no delay. */
    protected static ClaimRequest request(String queue, int max, Instant now) {
        return new ClaimRequest(queue, max, Integer.MAX_VALUE, Duration.ZERO, now, LEASE);
    }

    private static List<ClaimedTask> claim(OwnerStore owner, String queue, int max, Instant now) {
        return owner.claim(request(queue, max, now)).claimed();
    }

    /** Purges every expired task, in chunks, and returns the next expiry, as the host's sweep does (R21). */
    private static Optional<Instant> purgeAll(OwnerStore owner, Instant now) {
        while (owner.purgeExpired(now, PURGE_CHUNK) == PURGE_CHUNK) {
            Thread.onSpinWait();
        }
        return owner.nextExpiry();
    }

    private static List<TaskRecord> list(OwnerStore owner, String queue, Optional<TaskStatus> status, int limit) {
        return owner.list(queue, status, Optional.empty(), limit).tasks();
    }

    private static ClaimedTask claimOne(OwnerStore owner, String queue, Instant now) {
        List<ClaimedTask> claimed = claim(owner, queue, 1, now);
        assertEquals(1, claimed.size(), "one task claimed");
        return claimed.get(0);
    }

    // ---------------------------------------------------------------- tasks

    /** R9, R20: an inserted task is found pending, attempt 0, with the host's times. */
    @Test
    @DisplayName("R9 R20 an inserted task is found pending, attempt 0, ready when created")
    public void r9_insertedTaskIsFoundPending() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0.plusSeconds(5));

        TaskRecord task = found(alpha, id);

        assertEquals(new TaskRecord(id, "q", TaskStatus.PENDING, "", 0, T0.plusSeconds(5), T0.plusSeconds(5),
                T0.plusSeconds(5)), task);
    }

    /** R2 at store level: an unknown id is simply absent. */
    @Test
    @DisplayName("R2 an unknown task id is not found")
    public void r2_unknownTaskIsNotFound() {
        OwnerStore alpha = alphaWithQueue();
        assertEquals(Optional.empty(), alpha.find(newId()));
    }

    /** Times are kept to the millisecond (the SPI's rule). */
    @Test
    @DisplayName("R20 times are kept to the millisecond")
    public void r20_timesAreKeptToTheMillisecond() {
        OwnerStore alpha = alphaWithQueue();
        Instant precise = T0.plusNanos(1_234_567);
        String id = insert(alpha, "q", precise);

        assertEquals(precise.truncatedTo(ChronoUnit.MILLIS), found(alpha, id).createdAt());
    }

    /** R10: the empty payload comes back empty. */
    @Test
    @DisplayName("R10 an empty payload comes back exactly")
    public void r10_emptyPayloadRoundTrips() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0, new byte[0]);

        ClaimedTask claimed = claimOne(alpha, "q", T0);

        assertEquals(id, claimed.id());
        assertArrayEquals(new byte[0], claimed.payload());
    }

    /** R10: the largest payload, 1 MiB of every byte value, comes back byte for byte. */
    @Test
    @DisplayName("R10 a payload of 1,048,576 bytes comes back exactly")
    public void r10_largestPayloadRoundTrips() {
        OwnerStore alpha = alphaWithQueue();
        byte[] payload = new byte[TaskLimits.MAX_PAYLOAD_BYTES];
        new Random(42).nextBytes(payload);
        byte[] expected = payload.clone();
        String id = insert(alpha, "q", T0, payload);

        ClaimedTask claimed = claimOne(alpha, "q", T0);

        assertEquals(id, claimed.id());
        assertArrayEquals(expected, claimed.payload());
    }

    /**
     * R10, R61, R2: the payload reads back for an operator's preview, byte for byte, whatever the
     * task's status (before a claim, while running, once ended); empty for an unknown id and for
     * another owner's task.
     */
    @Test
    @DisplayName("R10 R61 R2 payload reads back exactly in every status, only for its owner")
    public void r61_payloadReadsBackForItsOwnerOnly() {
        OwnerStore alpha = alphaWithQueue();
        OwnerStore beta = store.owner("beta");
        beta.saveQueue("q", QueueConfig.defaults(), T0);
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        String id = insert(alpha, "q", T0, payload.clone());
        String empty = insert(alpha, "q", T0.plusMillis(1), new byte[0]);

        assertArrayEquals(payload, alpha.payload(id).orElseThrow(), "pending");
        ClaimedTask running = claimOne(alpha, "q", T0.plusSeconds(1));
        assertEquals(id, running.id());
        assertArrayEquals(payload, alpha.payload(id).orElseThrow(), "running");
        alpha.record(List.of(Outcome.completed(id, 1, "done", T0.plusSeconds(2))));
        assertArrayEquals(payload, alpha.payload(id).orElseThrow(), "completed");
        assertArrayEquals(new byte[0], alpha.payload(empty).orElseThrow(), "an empty payload");

        assertEquals(Optional.empty(), alpha.payload(newId()), "an unknown id");
        assertEquals(Optional.empty(), beta.payload(id), "another owner's task (R2)");
    }

    /** R10: bytes that are not text survive, including zeros and every byte value. */
    @Test
    @DisplayName("R10 every byte value comes back exactly")
    public void r10_everyByteValueRoundTrips() {
        OwnerStore alpha = alphaWithQueue();
        byte[] payload = new byte[512];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        insert(alpha, "q", T0, payload.clone());

        assertArrayEquals(payload, claimOne(alpha, "q", T0).payload());
    }

    // ---------------------------------------------------------------- claim

    /** R11: ready time first, then enqueue order. */
    @Test
    @DisplayName("R11 claims come in order of ready time, ties in enqueue order")
    public void r11_claimOrdersByReadyTimeThenEnqueueOrder() {
        OwnerStore alpha = alphaWithQueue();
        String late = insert(alpha, "q", T0.plusSeconds(3));
        String tieFirst = insert(alpha, "q", T0.plusSeconds(1));
        String tieSecond = insert(alpha, "q", T0.plusSeconds(1));
        String early = insert(alpha, "q", T0);
        String tieThird = insert(alpha, "q", T0.plusSeconds(1));

        List<ClaimedTask> claimed = claim(alpha, "q", 10, T0.plusSeconds(10));

        assertEquals(List.of(early, tieFirst, tieSecond, tieThird, late), ids(claimed));
        assertEquals(List.of(T0, T0.plusSeconds(1), T0.plusSeconds(1), T0.plusSeconds(1), T0.plusSeconds(3)),
                claimed.stream().map(ClaimedTask::readyAt).toList());
    }

    /** R11: a retried task is ordered by its new ready time, not by when it was enqueued. */
    @Test
    @DisplayName("R11 a retried task is claimed by its new ready time")
    public void r11_retriedTaskIsOrderedByItsNewReadyTime() {
        OwnerStore alpha = alphaWithQueue();
        String first = insert(alpha, "q", T0);
        String second = insert(alpha, "q", T0.plusSeconds(1));
        ClaimedTask run = claimOne(alpha, "q", T0.plusSeconds(1));
        assertEquals(first, run.id());
        assertEquals(1, alpha.record(List.of(
                Outcome.retry(first, 1, "boom", T0.plusSeconds(5), T0.plusSeconds(2)))));
        String third = insert(alpha, "q", T0.plusSeconds(6));

        assertEquals(List.of(second, first, third), ids(claim(alpha, "q", 10, T0.plusSeconds(10))));
    }

    /** R11: claim takes at most max tasks and leaves the rest pending. */
    @Test
    @DisplayName("R11 a claim takes at most max tasks, the oldest ready")
    public void r11_claimTakesAtMostMax() {
        OwnerStore alpha = alphaWithQueue();
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            inserted.add(insert(alpha, "q", T0.plusMillis(i)));
        }

        assertEquals(inserted.subList(0, 2), ids(claim(alpha, "q", 2, T0.plusSeconds(1))));
        assertEquals(inserted.subList(2, 5), ids(claim(alpha, "q", 10, T0.plusSeconds(1))));
        assertEquals(List.of(), claim(alpha, "q", 10, T0.plusSeconds(1)));
    }

    /** R11, R14: a task is not claimed before its ready time; exactly at it, it is. */
    @Test
    @DisplayName("R11 a task is claimed once its ready time has come, not before")
    public void r11_claimRespectsReadyTime() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0.plusSeconds(10));

        assertEquals(List.of(), claim(alpha, "q", 5, T0.plusMillis(9_999)));
        assertEquals(TaskStatus.PENDING, found(alpha, id).status());
        assertEquals(List.of(id), ids(claim(alpha, "q", 5, T0.plusSeconds(10))));
    }

    /** R1: a claim takes only tasks of the queue it names. */
    @Test
    @DisplayName("R1 a claim takes only tasks of its own queue")
    public void r1_claimTakesOnlyItsQueue() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveQueue("other", QueueConfig.defaults(), T0);
        String other = insert(alpha, "other", T0);
        String mine = insert(alpha, "q", T0);

        assertEquals(List.of(mine), ids(claim(alpha, "q", 10, T0)));
        assertEquals(TaskStatus.PENDING, found(alpha, other).status());
    }

    /** R12, R14: a claimed task is running, updated at the claim, its attempt one higher. */
    @Test
    @DisplayName("R14 a claim makes the task running and adds one to its attempt")
    public void r14_claimIncrementsAttempt() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);

        ClaimedTask first = claimOne(alpha, "q", T0.plusSeconds(1));
        assertEquals(1, first.attempt());
        TaskRecord running = found(alpha, id);
        assertEquals(TaskStatus.RUNNING, running.status());
        assertEquals(1, running.attempt());
        assertEquals(T0.plusSeconds(1), running.updatedAt());

        alpha.record(List.of(Outcome.retry(id, 1, "boom", T0.plusSeconds(2), T0.plusSeconds(1))));
        assertEquals(2, claimOne(alpha, "q", T0.plusSeconds(2)).attempt());
        assertEquals(2, found(alpha, id).attempt());
    }

    /** Claims are atomic: threads claiming at once never get the same task twice. */
    @Test
    @DisplayName("R12 concurrent claims never hand out a task twice")
    public void r12_concurrentClaimsNeverShareATask() throws Exception {
        OwnerStore alpha = alphaWithQueue();
        int tasks = 300;
        Set<String> inserted = new HashSet<>();
        for (int i = 0; i < tasks; i++) {
            inserted.add(insert(alpha, "q", T0.plusMillis(i % 7)));
        }
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<String>> claimer = () -> {
                    start.await();
                    List<String> mine = new ArrayList<>();
                    List<ClaimedTask> batch;
                    do {
                        batch = claim(alpha, "q", 3, T0.plusSeconds(1));
                        mine.addAll(ids(batch));
                    } while (!batch.isEmpty());
                    return mine;
                };
                results.add(pool.submit(claimer));
            }
            start.countDown();
            List<String> claimed = new ArrayList<>();
            for (Future<List<String>> result : results) {
                claimed.addAll(result.get(60, TimeUnit.SECONDS));
            }
            assertEquals(tasks, claimed.size(), "every task claimed exactly once");
            assertEquals(inserted, new HashSet<>(claimed));
        } finally {
            pool.shutdownNow();
        }
        assertTrue(alpha.running("q").stream().allMatch(task -> task.attempt() == 1), "each ran once");
    }

    /** Claiming nothing is allowed. */
    @Test
    @DisplayName("R12 a claim of zero tasks claims none")
    public void r12_claimOfZeroClaimsNothing() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);

        assertEquals(List.of(), claim(alpha, "q", 0, T0));
        assertEquals(TaskStatus.PENDING, found(alpha, id).status());
    }

    /** R11: the earliest ready time among pending tasks; running ones do not count. */
    @Test
    @DisplayName("R11 nextReadyAt is the earliest ready time of the pending tasks")
    public void r11_nextReadyAtIsEarliestPending() {
        OwnerStore alpha = alphaWithQueue();
        assertEquals(Optional.empty(), alpha.nextReadyAt("q"));
        insert(alpha, "q", T0);
        insert(alpha, "q", T0.plusSeconds(30));
        insert(alpha, "q", T0.plusSeconds(20));
        assertEquals(Optional.of(T0), alpha.nextReadyAt("q"));

        claimOne(alpha, "q", T0);

        assertEquals(Optional.of(T0.plusSeconds(20)), alpha.nextReadyAt("q"));
    }

    // ---------------------------------------------------------------- record

    /** R16: a completed run stores the message and the end time. */
    @Test
    @DisplayName("R16 a completed outcome stores status, message and time")
    public void r16_completedOutcomeIsStored() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);

        assertEquals(1, alpha.record(List.of(Outcome.completed(id, 1, "done", T0.plusSeconds(3)))));

        assertEquals(new TaskRecord(id, "q", TaskStatus.COMPLETED, "done", 1, T0, T0.plusSeconds(3), T0),
                found(alpha, id));
        assertEquals(List.of(), claim(alpha, "q", 1, T0.plusSeconds(4)));
    }

    /** R14: the last failed attempt ends the task failed. */
    @Test
    @DisplayName("R14 a failed outcome ends the task failed")
    public void r14_failedOutcomeIsStored() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);

        assertEquals(1, alpha.record(List.of(Outcome.failed(id, 1, "broken", T0.plusSeconds(2)))));

        TaskRecord task = found(alpha, id);
        assertEquals(TaskStatus.FAILED, task.status());
        assertEquals("broken", task.message());
        assertEquals(1, task.attempt());
        assertEquals(T0.plusSeconds(2), task.updatedAt());
    }

    /** R14: a retry makes the task pending again, ready at the given time. */
    @Test
    @DisplayName("R14 a retry sets the task pending with the given ready time")
    public void r14_retrySetsPendingWithReadyTime() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);

        alpha.record(List.of(Outcome.retry(id, 1, "boom", T0.plusSeconds(8), T0.plusSeconds(1))));

        assertEquals(new TaskRecord(id, "q", TaskStatus.PENDING, "boom", 1, T0, T0.plusSeconds(1),
                T0.plusSeconds(8)), found(alpha, id));
        assertEquals(List.of(), claim(alpha, "q", 1, T0.plusSeconds(7)));
        assertEquals(Optional.of(T0.plusSeconds(8)), alpha.nextReadyAt("q"));
        assertEquals(2, claimOne(alpha, "q", T0.plusSeconds(8)).attempt());
    }

    /** R11, R14: what a queue does when runs end: their outcomes are recorded, then the freed workers claim. */
    @Test
    @DisplayName("R11 R14 recordThenClaim records the outcomes, then claims in order")
    public void r11_recordThenClaimRecordsThenClaimsInOrder() {
        OwnerStore alpha = alphaWithQueue();
        String first = insert(alpha, "q", T0);
        String second = insert(alpha, "q", T0.plusSeconds(1));
        String third = insert(alpha, "q", T0.plusSeconds(1));
        claimOne(alpha, "q", T0.plusSeconds(2));

        List<ClaimedTask> claimed = alpha.recordThenClaim(
                List.of(Outcome.completed(first, 1, "done", T0.plusSeconds(3)),
                        Outcome.completed(second, 1, "not running: skipped", T0.plusSeconds(3))),
                request("q", 5, T0.plusSeconds(3))).claimed();

        assertEquals(List.of(second, third), claimed.stream().map(ClaimedTask::id).toList());
        assertEquals(TaskStatus.COMPLETED, found(alpha, first).status());
        assertEquals(TaskStatus.RUNNING, found(alpha, second).status());
        assertEquals("", found(alpha, second).message());
    }

    /** R22: a run stopped by shutdown gives its attempt back and is ready at once. */
    @Test
    @DisplayName("R22 a released run gives its attempt back")
    public void r22_releaseGivesTheAttemptBack() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);

        assertEquals(1, alpha.record(List.of(Outcome.released(id, 1, "host stopped", T0.plusSeconds(4)))));

        TaskRecord task = found(alpha, id);
        assertEquals(TaskStatus.PENDING, task.status());
        assertEquals(0, task.attempt());
        assertEquals(T0.plusSeconds(4), task.readyAt());
        assertEquals(1, claimOne(alpha, "q", T0.plusSeconds(4)).attempt());
    }

    /** An outcome applies only to a task still running at the attempt it names. */
    @Test
    @DisplayName("R17 a stale outcome (other attempt, or task not running) is skipped")
    public void r17_staleOutcomesAreSkipped() {
        OwnerStore alpha = alphaWithQueue();
        String running = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);
        String pending = insert(alpha, "q", T0.plusSeconds(1));

        assertEquals(0, alpha.record(List.of(Outcome.completed(running, 2, "wrong attempt", T0.plusSeconds(2)))));
        assertEquals(0, alpha.record(List.of(Outcome.completed(pending, 0, "not running", T0.plusSeconds(2)))));
        assertEquals(0, alpha.record(List.of(Outcome.completed(newId(), 1, "unknown", T0.plusSeconds(2)))));
        assertEquals(TaskStatus.RUNNING, found(alpha, running).status());
        assertEquals(TaskStatus.PENDING, found(alpha, pending).status());

        assertEquals(1, alpha.record(List.of(Outcome.completed(running, 1, "ok", T0.plusSeconds(3)))));
        // A late second outcome for the same run: the task is no longer running.
        assertEquals(0, alpha.record(List.of(Outcome.failed(running, 1, "late", T0.plusSeconds(4)))));
        TaskRecord task = found(alpha, running);
        assertEquals(TaskStatus.COMPLETED, task.status());
        assertEquals("ok", task.message());
    }

    /** Several outcomes at once: the applicable ones apply, the count says how many. */
    @Test
    @DisplayName("R17 record applies the outcomes that match and counts them")
    public void r17_recordCountsAppliedOutcomes() {
        OwnerStore alpha = alphaWithQueue();
        String a = insert(alpha, "q", T0);
        String b = insert(alpha, "q", T0.plusMillis(1));
        String c = insert(alpha, "q", T0.plusMillis(2));
        claim(alpha, "q", 3, T0.plusSeconds(1));

        int applied = alpha.record(List.of(
                Outcome.completed(a, 1, "a", T0.plusSeconds(2)),
                Outcome.completed(b, 7, "stale", T0.plusSeconds(2)),
                Outcome.retry(c, 1, "c", T0.plusSeconds(9), T0.plusSeconds(2))));

        assertEquals(2, applied);
        assertEquals(TaskStatus.COMPLETED, found(alpha, a).status());
        assertEquals(TaskStatus.RUNNING, found(alpha, b).status());
        assertEquals(TaskStatus.PENDING, found(alpha, c).status());
        assertEquals(0, alpha.record(List.of()));
    }

    /** R17: running() lists the queue's running tasks, nothing else. */
    @Test
    @DisplayName("R17 running() lists exactly the queue's running tasks")
    public void r17_runningListsRunningTasks() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveQueue("other", QueueConfig.defaults(), T0);
        String first = insert(alpha, "q", T0);
        String second = insert(alpha, "q", T0.plusMillis(1));
        insert(alpha, "q", T0.plusSeconds(60));
        insert(alpha, "other", T0);
        claim(alpha, "q", 2, T0.plusSeconds(1));
        claim(alpha, "other", 1, T0.plusSeconds(1));

        List<TaskRecord> running = alpha.running("q");

        assertEquals(List.of(first, second), running.stream().map(TaskRecord::id).toList());
        assertTrue(running.stream().allMatch(task -> task.status() == TaskStatus.RUNNING && task.attempt() == 1));
        assertEquals(List.of(), alpha.running("absent"));
    }

    // ---------------------------------------------------------------- cancel

    /** R18: cancel makes a pending task cancelled; it is never claimed after. */
    @Test
    @DisplayName("R18 cancel on a pending task cancels it and reports PENDING")
    public void r18_cancelPendingTask() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);

        assertEquals(Optional.of(TaskStatus.PENDING), alpha.cancel(id, false, T0.plusSeconds(1)));

        TaskRecord task = found(alpha, id);
        assertEquals(TaskStatus.CANCELLED, task.status());
        assertEquals(T0.plusSeconds(1), task.updatedAt());
        assertEquals(List.of(), claim(alpha, "q", 1, T0.plusSeconds(2)));
    }

    /** R18: a task waiting out its backoff is pending, so it can be cancelled. */
    @Test
    @DisplayName("R18 cancel works on a task waiting out a backoff")
    public void r18_cancelTaskWaitingOutBackoff() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);
        alpha.record(List.of(Outcome.retry(id, 1, "boom", T0.plusSeconds(60), T0.plusSeconds(1))));

        assertEquals(Optional.of(TaskStatus.PENDING), alpha.cancel(id, false, T0.plusSeconds(2)));
        assertEquals(List.of(), claim(alpha, "q", 1, T0.plusSeconds(61)));
    }

    /** R18: any other status is reported and nothing changes. */
    @Test
    @DisplayName("R18 cancel changes nothing on a task that is not pending, and reports its status")
    public void r18_cancelOtherStatusesReportsThem() {
        OwnerStore alpha = alphaWithQueue();
        String running = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);
        String completed = insert(alpha, "q", T0.plusMillis(1));
        claimOne(alpha, "q", T0.plusMillis(1));
        alpha.record(List.of(Outcome.completed(completed, 1, "ok", T0.plusSeconds(1))));
        String cancelled = insert(alpha, "q", T0.plusSeconds(1));
        alpha.cancel(cancelled, false, T0.plusSeconds(2));

        assertEquals(Optional.of(TaskStatus.RUNNING), alpha.cancel(running, false, T0.plusSeconds(3)));
        assertEquals(Optional.of(TaskStatus.COMPLETED), alpha.cancel(completed, false, T0.plusSeconds(3)));
        assertEquals(Optional.of(TaskStatus.CANCELLED), alpha.cancel(cancelled, false, T0.plusSeconds(3)));
        assertEquals(Optional.empty(), alpha.cancel(newId(), false, T0.plusSeconds(3)));

        assertEquals(TaskStatus.RUNNING, found(alpha, running).status());
        assertEquals(T0, found(alpha, running).updatedAt());
        assertEquals("ok", found(alpha, completed).message());
        assertEquals(T0.plusSeconds(2), found(alpha, cancelled).updatedAt());
    }

    /** R19: every pending task of the queue, counted; running ones and other queues untouched. */
    @Test
    @DisplayName("R19 cancelPending cancels the queue's pending tasks and leaves running ones")
    public void r19_cancelPendingCountsAndLeavesRunning() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveQueue("other", QueueConfig.defaults(), T0);
        for (int i = 0; i < 5; i++) {
            insert(alpha, "q", T0.plusMillis(i));
        }
        insert(alpha, "q", T0.plusSeconds(3600)); // waiting, still pending
        String elsewhere = insert(alpha, "other", T0);
        List<String> running = ids(claim(alpha, "q", 2, T0.plusSeconds(1)));

        assertEquals(4, alpha.cancelPending("q", T0.plusSeconds(2)));

        assertEquals(Map.of(TaskStatus.RUNNING, 2L, TaskStatus.CANCELLED, 4L), alpha.countByStatus("q"));
        for (String id : running) {
            assertEquals(TaskStatus.RUNNING, found(alpha, id).status());
        }
        assertEquals(TaskStatus.PENDING, found(alpha, elsewhere).status());
        assertEquals(0, alpha.cancelPending("q", T0.plusSeconds(3)));
    }

    // ---------------------------------------------------------------- retention

    /** R21: each queue's saved retention decides; the result is the next expiry. */
    @Test
    @DisplayName("R21 purgeExpired deletes by each queue's retention and returns the next expiry")
    public void r21_purgeUsesEachQueuesRetention() {
        OwnerStore alpha = store.owner("alpha");
        alpha.saveQueue("short", QueueConfig.builder().retention(Duration.ofMinutes(1)).build(), T0);
        alpha.saveQueue("long", QueueConfig.builder().retention(Duration.ofHours(2)).build(), T0);
        String shortDone = insert(alpha, "short", T0);
        claimOne(alpha, "short", T0);
        alpha.record(List.of(Outcome.completed(shortDone, 1, "", T0.plusSeconds(10))));
        String shortFailed = insert(alpha, "short", T0);
        claimOne(alpha, "short", T0);
        alpha.record(List.of(Outcome.failed(shortFailed, 1, "x", T0.plusSeconds(20))));
        String longCancelled = insert(alpha, "long", T0);
        alpha.cancel(longCancelled, false, T0.plusSeconds(30));
        String stillPending = insert(alpha, "short", T0);
        String stillRunning = insert(alpha, "long", T0);
        claimOne(alpha, "long", T0);

        // Nothing due yet: the first expiry is the short queue's completed task.
        assertEquals(Optional.of(T0.plusSeconds(70)), purgeAll(alpha, T0.plusSeconds(69)));
        assertTrue(alpha.find(shortDone).isPresent());

        // Exactly at its expiry it goes; the failed one follows ten seconds later.
        assertEquals(Optional.of(T0.plusSeconds(80)), purgeAll(alpha, T0.plusSeconds(70)));
        assertEquals(Optional.empty(), alpha.find(shortDone));
        assertTrue(alpha.find(shortFailed).isPresent());

        assertEquals(Optional.of(T0.plusSeconds(30).plus(Duration.ofHours(2))),
                purgeAll(alpha, T0.plusSeconds(80)));
        assertEquals(Optional.empty(), alpha.find(shortFailed));
        assertTrue(alpha.find(longCancelled).isPresent());

        assertEquals(Optional.empty(), purgeAll(alpha, T0.plus(Duration.ofDays(30))));
        assertEquals(Optional.empty(), alpha.find(longCancelled));
        assertEquals(TaskStatus.PENDING, found(alpha, stillPending).status());
        assertEquals(TaskStatus.RUNNING, found(alpha, stillRunning).status());
    }

    /** R21: the retention saved last is the one that counts. */
    @Test
    @DisplayName("R21 purgeExpired uses the retention saved last")
    public void r21_purgeUsesTheRetentionSavedLast() {
        OwnerStore alpha = store.owner("alpha");
        alpha.saveQueue("q", QueueConfig.builder().retention(Duration.ofHours(1)).build(), T0);
        String id = insert(alpha, "q", T0);
        alpha.cancel(id, false, T0);
        alpha.saveQueue("q", QueueConfig.builder().retention(Duration.ofMinutes(5)).build(), T0.plusSeconds(1));

        assertEquals(Optional.empty(), purgeAll(alpha, T0.plus(Duration.ofMinutes(5))));
        assertEquals(Optional.empty(), alpha.find(id));
    }

    // ---------------------------------------------------------------- queues

    /** R6: saving a queue again replaces its config; queue names come sorted. */
    @Test
    @DisplayName("R6 saveQueue creates, then replaces, a queue's config")
    public void r6_saveQueueReplacesConfig() {
        OwnerStore alpha = store.owner("alpha");
        assertEquals(Optional.empty(), alpha.findQueue("q"));
        QueueConfig first = QueueConfig.defaults();
        QueueConfig second = QueueConfig.builder().concurrency(4).maxRetries(3).backoff(Duration.ofMillis(250))
                .delay(Duration.ofSeconds(2)).retention(Duration.ofDays(2)).timeout(Duration.ofMinutes(3)).build();

        alpha.saveQueue("q", first, T0);
        assertEquals(Optional.of(first), alpha.findQueue("q"));
        alpha.saveQueue("q", second, T0.plusSeconds(1));
        assertEquals(Optional.of(second), alpha.findQueue("q"));

        alpha.saveQueue("b", first, T0);
        alpha.saveQueue("a", first, T0);
        assertEquals(List.of("a", "b", "q"), alpha.queueNames());
    }

    /** R5: any valid queue name is stored as given; names are sorted as Java sorts strings. */
    @Test
    @DisplayName("R5 queue names of any valid characters are stored as given and sorted as strings")
    public void r5_queueNamesAreStoredAsGiven() {
        OwnerStore alpha = store.owner("alpha");
        String quoted = "Z\u00fcrich \u2713 'quoted' \"double\" %_";
        String rocket = "\uD83D\uDE80";   // U+1F680: UTF-16 sorts it before U+FF21, UTF-8 after
        String fullwidthA = "\uFF21";
        for (String name : List.of(fullwidthA, "sync", rocket, quoted)) {
            alpha.saveQueue(name, QueueConfig.defaults(), T0);
        }
        String id = insert(alpha, quoted, T0);

        assertEquals(List.of(quoted, "sync", rocket, fullwidthA), alpha.queueNames());
        assertEquals(quoted, found(alpha, id).queueName());
        assertEquals(quoted, claimOne(alpha, quoted, T0).queueName());
    }

    /** countByStatus counts each status present and leaves the absent ones out. */
    @Test
    @DisplayName("R20 countByStatus counts per status, absent ones left out")
    public void r20_countByStatus() {
        OwnerStore alpha = alphaWithQueue();
        assertEquals(Map.of(), alpha.countByStatus("q"));
        String done = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);
        alpha.record(List.of(Outcome.completed(done, 1, "", T0)));
        insert(alpha, "q", T0.plusMillis(1));
        insert(alpha, "q", T0.plusMillis(2));
        claimOne(alpha, "q", T0.plusSeconds(1));

        assertEquals(Map.of(TaskStatus.COMPLETED, 1L, TaskStatus.RUNNING, 1L, TaskStatus.PENDING, 1L),
                alpha.countByStatus("q"));
    }

    /** R49: oldest first means first enqueued first, whatever times the host gave; filtered by status, at most limit. */
    @Test
    @DisplayName("R49 list gives a queue's tasks in enqueue order, by status, at most limit")
    public void r49_listInEnqueueOrder() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveQueue("other", QueueConfig.defaults(), T0);
        String first = insert(alpha, "q", T0.plusSeconds(3));
        String second = insert(alpha, "q", T0.plusSeconds(1)); // a clock that went back keeps enqueue order
        String third = insert(alpha, "q", T0.plusSeconds(2));
        insert(alpha, "other", T0);
        alpha.cancel(second, false, T0.plusSeconds(4));

        assertEquals(List.of(first, second, third), recordIds(list(alpha, "q", Optional.empty(), 10)));
        assertEquals(List.of(first, second), recordIds(list(alpha, "q", Optional.empty(), 2)));
        assertEquals(List.of(first, third), recordIds(list(alpha, "q", Optional.of(TaskStatus.PENDING), 10)));
        assertEquals(List.of(second), recordIds(list(alpha, "q", Optional.of(TaskStatus.CANCELLED), 10)));
        assertEquals(List.of(), list(alpha, "q", Optional.of(TaskStatus.FAILED), 10));
    }

    private static List<String> recordIds(List<TaskRecord> records) {
        return records.stream().map(TaskRecord::id).toList();
    }

    // ---------------------------------------------------------------- second round: claim limits

    private static final Lease OTHER_LEASE = new Lease("other-" + UUID.randomUUID(), Duration.ofSeconds(30));

    private static ClaimRequest limited(String queue, int max, int concurrency, Duration delay, Instant now,
                                        Lease lease) {
        return new ClaimRequest(queue, max, concurrency, delay, now, lease);
    }

    private static String insertTask(OwnerStore owner, NewTask task) {
        return owner.insert(task);
    }

    private static NewTask task(String queue, Instant createdAt, Instant readyAt, int priority, Optional<String> key) {
        return new NewTask(newId(), queue, new byte[] {9}, createdAt, readyAt, priority, key);
    }

    private static StoredQueue storedQueue(OwnerStore owner, String queue) {
        return owner.queue(queue).orElseThrow(() -> new AssertionError("queue " + queue + " not stored"));
    }

    /** R44: a paused queue claims nothing and says so; resumed, it claims again; both idempotent. */
    @Test
    @DisplayName("R44 a paused queue claims nothing and the result says paused; resume claims again")
    public void r44_pausedQueueClaimsNothing() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        alpha.setPaused("q", true, T0);
        alpha.setPaused("q", true, T0.plusMillis(1));

        ClaimResult paused = alpha.claim(request("q", 5, T0.plusSeconds(1)));
        assertEquals(List.of(), paused.claimed());
        assertTrue(paused.paused());
        assertTrue(alpha.recordThenClaim(List.of(), request("q", 5, T0.plusSeconds(1))).paused());
        assertEquals(TaskStatus.PENDING, found(alpha, id).status());
        assertTrue(storedQueue(alpha, "q").paused());

        alpha.setPaused("q", false, T0.plusSeconds(2));
        alpha.setPaused("q", false, T0.plusSeconds(2));
        ClaimResult resumed = alpha.claim(request("q", 5, T0.plusSeconds(2)));
        assertFalse(resumed.paused());
        assertEquals(List.of(id), ids(resumed.claimed()));
        assertFalse(storedQueue(alpha, "q").paused());
    }

    /** R44, R36: the pause and the last start are stored: they survive a reopen and a new saveQueue. */
    @Test
    @DisplayName("R44 R36 pause and last start survive a reopen and saving the queue again")
    public void r44_r36_pauseAndLastStartAreStored() {
        OwnerStore alpha = alphaWithQueue();
        insert(alpha, "q", T0);
        insert(alpha, "q", T0);
        assertEquals(1, claim(alpha, "q", 1, T0.plusSeconds(5)).size());
        alpha.setPaused("q", true, T0.plusSeconds(6));
        assertEquals(Optional.of(T0.plusSeconds(5)), storedQueue(alpha, "q").lastStart());

        OwnerStore again = reopen().owner("alpha");
        again.saveQueue("q", QueueConfig.builder().concurrency(3).build(), T0.plusSeconds(7));

        StoredQueue queue = storedQueue(again, "q");
        assertEquals(new StoredQueue("q", QueueConfig.builder().concurrency(3).build(), true,
                Optional.of(T0.plusSeconds(5))), queue);
        assertTrue(again.claim(request("q", 1, T0.plusSeconds(8))).paused());
        assertEquals(Optional.empty(), again.queue("absent"));
        again.setPaused("absent", true, T0); // nothing stored: nothing to pause
        assertEquals(Optional.empty(), again.queue("absent"));
    }

    /** R12, R35: concurrency counts the queue's running tasks of every holder, not only the claimer's. */
    @Test
    @DisplayName("R12 a claim counts every holder's running tasks against the queue's concurrency")
    public void r12_concurrencyCountsEveryHoldersRuns() {
        OwnerStore alpha = alphaWithQueue();
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inserted.add(insert(alpha, "q", T0.plusMillis(i)));
        }

        ClaimResult mine = alpha.claim(limited("q", 5, 2, Duration.ZERO, T0.plusSeconds(1), LEASE));
        assertEquals(inserted.subList(0, 2), ids(mine.claimed()));
        assertEquals(List.of(), alpha.claim(limited("q", 5, 2, Duration.ZERO, T0.plusSeconds(1), OTHER_LEASE))
                .claimed());
        assertEquals(1, alpha.claim(limited("q", 5, 3, Duration.ZERO, T0.plusSeconds(1), OTHER_LEASE))
                .claimed().size());

        // An outcome frees a slot; recorded then claimed in one step, the freed slot is taken at once.
        ClaimResult next = alpha.recordThenClaim(List.of(Outcome.completed(inserted.get(0), 1, "", T0.plusSeconds(2))),
                limited("q", 5, 3, Duration.ZERO, T0.plusSeconds(2), OTHER_LEASE));
        assertEquals(List.of(inserted.get(3)), ids(next.claimed()));
        assertEquals(3, alpha.running("q").size());
    }

    /** R13, R36: with a delay, one start per claim, none before the stored last start plus the delay. */
    @Test
    @DisplayName("R13 R36 with a delay a claim takes one task, and none until the last start plus the delay")
    public void r13_delayPacesClaimsByTheStoredLastStart() {
        OwnerStore alpha = alphaWithQueue();
        for (int i = 0; i < 4; i++) {
            insert(alpha, "q", T0.plusMillis(i));
        }
        Duration delay = Duration.ofSeconds(10);
        assertEquals(Optional.empty(), storedQueue(alpha, "q").lastStart());

        ClaimResult first = alpha.claim(limited("q", 4, 4, delay, T0.plusSeconds(1), LEASE));
        assertEquals(1, first.claimed().size(), "the first start is immediate, and alone");
        assertEquals(Optional.of(T0.plusSeconds(1)), first.lastStart());

        ClaimResult early = alpha.claim(limited("q", 4, 4, delay, T0.plusMillis(10_999), OTHER_LEASE));
        assertEquals(List.of(), early.claimed());
        assertEquals(Optional.of(T0.plusSeconds(1)), early.lastStart());

        // Another store object, as another host or a restart would have: the stored start counts.
        OwnerStore again = reopen().owner("alpha");
        assertEquals(List.of(), again.claim(limited("q", 4, 4, delay, T0.plusMillis(10_999), LEASE)).claimed());
        ClaimResult onTime = again.claim(limited("q", 4, 4, delay, T0.plusSeconds(11), LEASE));
        assertEquals(1, onTime.claimed().size());
        assertEquals(Optional.of(T0.plusSeconds(11)), onTime.lastStart());
        assertEquals(Optional.of(T0.plusSeconds(11)), storedQueue(again, "q").lastStart());
    }

    /** R13, R33: a delay too long to add to the last start never overflows: no second start. */
    @Test
    @DisplayName("R13 R33 a delay of Long.MAX_VALUE seconds allows the first start and no other")
    public void r13_hugeDelayNeverOverflows() {
        OwnerStore alpha = alphaWithQueue();
        insert(alpha, "q", T0);
        insert(alpha, "q", T0);
        Duration forever = Duration.ofSeconds(Long.MAX_VALUE);

        assertEquals(1, alpha.claim(limited("q", 2, 2, forever, T0, LEASE)).claimed().size());
        assertEquals(List.of(), alpha.claim(limited("q", 2, 2, forever, T0.plus(Duration.ofDays(3650)), LEASE))
                .claimed());
    }

    /** R14, R37: a claimed run is held by the claimer's lease: renewing it reports nothing lost. */
    @Test
    @DisplayName("R37 renewLeases reports only the runs the holder no longer holds")
    public void r37_renewLeasesReportsRunsNoLongerHeld() {
        OwnerStore alpha = alphaWithQueue();
        String held = insert(alpha, "q", T0);
        String ended = insert(alpha, "q", T0.plusMillis(1));
        String others = insert(alpha, "q", T0.plusMillis(2));
        claim(alpha, "q", 2, T0.plusSeconds(1));
        alpha.claim(limited("q", 1, 10, Duration.ZERO, T0.plusSeconds(1), OTHER_LEASE));
        alpha.record(List.of(Outcome.completed(ended, 1, "", T0.plusSeconds(2))));
        RunRef unknown = new RunRef(newId(), 1);

        Set<RunRef> lost = alpha.renewLeases(List.of(new RunRef(held, 1), new RunRef(held, 2),
                new RunRef(ended, 1), new RunRef(others, 1), unknown), LEASE);

        assertEquals(Set.of(new RunRef(held, 2), new RunRef(ended, 1), new RunRef(others, 1), unknown), lost);
        assertEquals(Set.of(), alpha.renewLeases(List.of(new RunRef(held, 1)), LEASE));
        assertEquals(Set.of(), alpha.renewLeases(List.of(), LEASE));
    }

    // ---------------------------------------------------------------- second round: enqueue options

    /** R41: a task is not claimed before its ready time, and nextReadyAt names it. */
    @Test
    @DisplayName("R41 a task scheduled for later is pending and not claimed before its ready time")
    public void r41_scheduledTaskWaitsForItsReadyTime() {
        OwnerStore alpha = alphaWithQueue();
        String later = insertTask(alpha, task("q", T0, T0.plusSeconds(60), 0, Optional.empty()));

        TaskRecord stored = found(alpha, later);
        assertEquals(T0, stored.createdAt());
        assertEquals(T0.plusSeconds(60), stored.readyAt());
        assertEquals(Optional.of(T0.plusSeconds(60)), alpha.nextReadyAt("q"));
        assertEquals(List.of(), claim(alpha, "q", 1, T0.plusMillis(59_999)));
        assertEquals(List.of(later), ids(claim(alpha, "q", 1, T0.plusSeconds(60))));
    }

    /** R42, R11: higher priority first, then ready time, then enqueue order; not-ready ones wait. */
    @Test
    @DisplayName("R42 claims take higher priorities first, then R11's order; a waiting high priority blocks nothing")
    public void r42_claimOrdersByPriorityThenReadyTime() {
        OwnerStore alpha = alphaWithQueue();
        String lowOld = insertTask(alpha, task("q", T0, T0, -5, Optional.empty()));
        String zeroLate = insertTask(alpha, task("q", T0, T0.plusSeconds(2), 0, Optional.empty()));
        String zeroEarly = insertTask(alpha, task("q", T0, T0.plusSeconds(1), 0, Optional.empty()));
        String highFirst = insertTask(alpha, task("q", T0, T0.plusSeconds(3), 7, Optional.empty()));
        String highSecond = insertTask(alpha, task("q", T0, T0.plusSeconds(3), 7, Optional.empty()));
        String max = insertTask(alpha, task("q", T0, T0.plusSeconds(4), Integer.MAX_VALUE, Optional.empty()));
        String min = insertTask(alpha, task("q", T0, T0, Integer.MIN_VALUE, Optional.empty()));
        String highNotReady = insertTask(alpha, task("q", T0, T0.plusSeconds(3600), 100, Optional.empty()));

        assertEquals(7, found(alpha, highFirst).priority());
        assertEquals(Optional.of(T0), alpha.nextReadyAt("q"));
        assertEquals(List.of(max, highFirst), ids(claim(alpha, "q", 2, T0.plusSeconds(10))));
        assertEquals(List.of(highSecond, zeroEarly, zeroLate, lowOld, min),
                ids(claim(alpha, "q", 10, T0.plusSeconds(10))));
        assertEquals(TaskStatus.PENDING, found(alpha, highNotReady).status());
        assertEquals(Optional.of(T0.plusSeconds(3600)), alpha.nextReadyAt("q"));
    }

    /** R43: a key held by an unfinished task stores nothing and gives the holder's id; finished, it is free. */
    @Test
    @DisplayName("R43 an insert with a key an unfinished task holds returns that task's id and stores nothing")
    public void r43_keyHeldByUnfinishedTaskDeduplicates() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveQueue("other", QueueConfig.defaults(), T0);
        Optional<String> key = Optional.of("order-17");
        NewTask first = task("q", T0, T0, 0, key);
        assertEquals(first.id(), alpha.insert(first));
        assertEquals(Optional.of(key.get()), found(alpha, first.id()).key());

        NewTask duplicate = task("q", T0.plusSeconds(1), T0.plusSeconds(1), 3, key);
        assertEquals(first.id(), alpha.insert(duplicate), "pending holder");
        assertEquals(Optional.empty(), alpha.find(duplicate.id()));
        NewTask elsewhere = task("other", T0, T0, 0, key);
        assertEquals(elsewhere.id(), alpha.insert(elsewhere), "keys are per queue");
        assertEquals(first.id(), alpha.findByKey("q", key.get()).orElseThrow().id());

        claimOne(alpha, "q", T0.plusSeconds(2));
        assertEquals(first.id(), alpha.insert(task("q", T0.plusSeconds(2), T0.plusSeconds(2), 0, key)),
                "running holder");
        alpha.record(List.of(Outcome.completed(first.id(), 1, "", T0.plusSeconds(3))));
        assertEquals(Optional.empty(), alpha.findByKey("q", key.get()), "a completed task holds no key");

        NewTask second = task("q", T0.plusSeconds(4), T0.plusSeconds(4), 0, key);
        assertEquals(second.id(), alpha.insert(second));
        assertEquals(Optional.of(TaskStatus.PENDING), alpha.cancel(second.id(), false, T0.plusSeconds(5)));
        NewTask third = task("q", T0.plusSeconds(6), T0.plusSeconds(6), 0, key);
        assertEquals(third.id(), alpha.insert(third), "a cancelled task holds no key");
        assertEquals(third.id(), alpha.findByKey("q", key.get()).orElseThrow().id());
        assertEquals(Map.of(TaskStatus.COMPLETED, 1L, TaskStatus.CANCELLED, 1L, TaskStatus.PENDING, 1L),
                alpha.countByStatus("q"));
        assertEquals(Optional.empty(), alpha.findByKey("q", "never-used"));
    }

    /** R43: concurrent inserts with one key, from many threads, store exactly one task. */
    @Test
    @DisplayName("R43 concurrent inserts with one key from several threads store exactly one task")
    public void r43_concurrentInsertsWithOneKeyStoreOne() throws Exception {
        OwnerStore alpha = alphaWithQueue();
        int threads = 8;
        int rounds = 20;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<String>> inserter = () -> {
                    start.await();
                    List<String> returned = new ArrayList<>();
                    for (int round = 0; round < rounds; round++) {
                        returned.add(alpha.insert(task("q", T0, T0, 0, Optional.of("key-" + round))));
                    }
                    return returned;
                };
                results.add(pool.submit(inserter));
            }
            start.countDown();
            List<List<String>> returned = new ArrayList<>();
            for (Future<List<String>> result : results) {
                returned.add(result.get(60, TimeUnit.SECONDS));
            }
            for (int round = 0; round < rounds; round++) {
                int r = round;
                Set<String> ids = new HashSet<>();
                returned.forEach(list -> ids.add(list.get(r)));
                assertEquals(1, ids.size(), "every insert of key-" + round + " returned the one stored id");
                assertEquals(ids.iterator().next(), alpha.findByKey("q", "key-" + round).orElseThrow().id());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(TaskStatus.PENDING, (long) rounds), alpha.countByStatus("q"));
    }

    // ---------------------------------------------------------------- second round: retry, cancel running

    /** R45: a failed or cancelled task is pending again, ready now, attempt 0, message kept. */
    @Test
    @DisplayName("R45 retry makes a failed or cancelled task pending, ready now, attempt 0, message kept")
    public void r45_retryFailedAndCancelled() {
        OwnerStore alpha = alphaWithQueue();
        String failed = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);
        alpha.record(List.of(Outcome.failed(failed, 1, "broken", T0.plusSeconds(1))));
        String cancelled = insert(alpha, "q", T0.plusMillis(1));
        alpha.cancel(cancelled, false, T0.plusSeconds(1));

        assertEquals(Optional.of(TaskStatus.FAILED), alpha.retry(failed, T0.plusSeconds(5)));
        assertEquals(Optional.of(TaskStatus.CANCELLED), alpha.retry(cancelled, T0.plusSeconds(6)));

        assertEquals(new TaskRecord(failed, "q", TaskStatus.PENDING, "broken", 0, T0, T0.plusSeconds(5),
                T0.plusSeconds(5)), found(alpha, failed));
        assertEquals(TaskStatus.PENDING, found(alpha, cancelled).status());
        assertEquals(T0.plusSeconds(6), found(alpha, cancelled).readyAt());
        assertEquals(List.of(failed, cancelled), ids(claim(alpha, "q", 5, T0.plusSeconds(6))));
        assertEquals(1, found(alpha, failed).attempt(), "fresh attempts from 1");
        // Finished again, it expires by its new end, not the old one (R21).
        alpha.record(List.of(Outcome.completed(failed, 1, "ok", T0.plus(Duration.ofHours(2)))));
        assertEquals(Optional.of(T0.plus(Duration.ofHours(3))), purgeAll(alpha, T0.plus(Duration.ofHours(2))));
        assertTrue(alpha.find(failed).isPresent());
    }

    /** R45: on pending, running or completed tasks retry changes nothing and reports the status. */
    @Test
    @DisplayName("R45 retry changes nothing on a pending, running or completed task, and reports its status")
    public void r45_retryOtherStatusesReportsThem() {
        OwnerStore alpha = alphaWithQueue();
        String running = insert(alpha, "q", T0);
        claimOne(alpha, "q", T0);
        String completed = insert(alpha, "q", T0.plusMillis(1));
        claimOne(alpha, "q", T0.plusMillis(1));
        alpha.record(List.of(Outcome.completed(completed, 1, "ok", T0.plusSeconds(1))));
        String pending = insert(alpha, "q", T0.plusSeconds(2));
        TaskRecord runningBefore = found(alpha, running);
        TaskRecord completedBefore = found(alpha, completed);
        TaskRecord pendingBefore = found(alpha, pending);

        assertEquals(Optional.of(TaskStatus.RUNNING), alpha.retry(running, T0.plusSeconds(3)));
        assertEquals(Optional.of(TaskStatus.COMPLETED), alpha.retry(completed, T0.plusSeconds(3)));
        assertEquals(Optional.of(TaskStatus.PENDING), alpha.retry(pending, T0.plusSeconds(3)));
        assertEquals(Optional.empty(), alpha.retry(newId(), T0.plusSeconds(3)));

        assertEquals(runningBefore, found(alpha, running));
        assertEquals(completedBefore, found(alpha, completed));
        assertEquals(pendingBefore, found(alpha, pending));
    }

    /** R45, R43: a retried task keeps its key while it is free; never do two unfinished tasks share one. */
    @Test
    @DisplayName("R45 R43 a retried task keeps its key if free, and never shares it with another unfinished task")
    public void r45_r43_retryNeverSharesAKey() {
        OwnerStore alpha = alphaWithQueue();
        NewTask first = task("q", T0, T0, 0, Optional.of("k"));
        alpha.insert(first);
        alpha.cancel(first.id(), false, T0.plusSeconds(1));
        alpha.retry(first.id(), T0.plusSeconds(2));
        assertEquals(first.id(), alpha.findByKey("q", "k").orElseThrow().id(), "free key kept");

        alpha.cancel(first.id(), false, T0.plusSeconds(3));
        NewTask second = task("q", T0.plusSeconds(4), T0.plusSeconds(4), 0, Optional.of("k"));
        assertEquals(second.id(), alpha.insert(second));
        assertEquals(Optional.of(TaskStatus.CANCELLED), alpha.retry(first.id(), T0.plusSeconds(5)));

        assertEquals(TaskStatus.PENDING, found(alpha, first.id()).status());
        assertEquals(second.id(), alpha.findByKey("q", "k").orElseThrow().id());
        assertEquals(second.id(), alpha.insert(task("q", T0.plusSeconds(6), T0.plusSeconds(6), 0, Optional.of("k"))));
    }

    /** R47: cancel with running set ends a running task cancelled; its outcome is then skipped. */
    @Test
    @DisplayName("R47 cancel of a running task cancels it; its outcome is skipped and its lease reported lost")
    public void r47_cancelRunningTask() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        String next = insert(alpha, "q", T0.plusMillis(1));
        claimOne(alpha, "q", T0);

        assertEquals(Optional.of(TaskStatus.RUNNING), alpha.cancel(id, false, T0.plusSeconds(1)));
        assertEquals(TaskStatus.RUNNING, found(alpha, id).status(), "without running set, nothing changes");

        assertEquals(Optional.of(TaskStatus.RUNNING), alpha.cancel(id, true, T0.plusSeconds(2)));
        TaskRecord cancelled = found(alpha, id);
        assertEquals(TaskStatus.CANCELLED, cancelled.status());
        assertEquals(T0.plusSeconds(2), cancelled.updatedAt());
        assertEquals(Set.of(new RunRef(id, 1)), alpha.renewLeases(List.of(new RunRef(id, 1)), LEASE));
        assertEquals(0, alpha.record(List.of(Outcome.completed(id, 1, "finished anyway", T0.plusSeconds(3)))));
        assertEquals(0, alpha.record(List.of(Outcome.retry(id, 1, "failed anyway", T0.plusSeconds(4),
                T0.plusSeconds(3)))));
        assertEquals(TaskStatus.CANCELLED, found(alpha, id).status());
        assertEquals(Optional.of(TaskStatus.CANCELLED), alpha.cancel(id, true, T0.plusSeconds(4)));

        // The slot is free again (R12), and a pending task cancels with running set as without (R18).
        assertEquals(List.of(next), ids(alpha.claim(limited("q", 1, 1, Duration.ZERO, T0.plusSeconds(5), LEASE))
                .claimed()));
        String pending = insert(alpha, "q", T0.plusSeconds(6));
        assertEquals(Optional.of(TaskStatus.PENDING), alpha.cancel(pending, true, T0.plusSeconds(7)));
        assertEquals(TaskStatus.CANCELLED, found(alpha, pending).status());
        assertEquals(Optional.of(T0.plusSeconds(2).plus(Duration.ofHours(1))), alpha.nextExpiry());
    }

    // ---------------------------------------------------------------- second round: progress

    /** R48: progress of the current run is stored, kept after the run ends; a stale report is skipped. */
    @Test
    @DisplayName("R48 progress of the current run is stored and kept after it ends; stale reports are skipped")
    public void r48_progressOfTheCurrentRun() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        String pending = insert(alpha, "q", T0.plusSeconds(30));
        assertEquals(Optional.empty(), found(alpha, id).progress());
        claimOne(alpha, "q", T0);

        TaskProgress half = new TaskProgress(50, "half way \u2713", T0.plusSeconds(1));
        alpha.saveProgress(List.of(new ProgressReport(new RunRef(id, 1), half)));
        assertEquals(Optional.of(half), found(alpha, id).progress());

        TaskProgress most = new TaskProgress(90, "", T0.plusSeconds(2));
        alpha.saveProgress(List.of(new ProgressReport(new RunRef(id, 1), most),
                new ProgressReport(new RunRef(id, 2), new TaskProgress(1, "wrong attempt", T0.plusSeconds(2))),
                new ProgressReport(new RunRef(pending, 0), new TaskProgress(1, "not running", T0.plusSeconds(2))),
                new ProgressReport(new RunRef(newId(), 1), new TaskProgress(1, "unknown", T0.plusSeconds(2)))));
        assertEquals(Optional.of(most), found(alpha, id).progress());
        assertEquals(Optional.empty(), found(alpha, pending).progress());

        alpha.record(List.of(Outcome.completed(id, 1, "done", T0.plusSeconds(3))));
        alpha.saveProgress(List.of(new ProgressReport(new RunRef(id, 1), new TaskProgress(100, "late",
                T0.plusSeconds(4)))));
        assertEquals(Optional.of(most), found(alpha, id).progress(), "the last report of the run, kept");
        alpha.saveProgress(List.of());
    }

    // ---------------------------------------------------------------- second round: pages

    private static List<String> allPages(OwnerStore owner, Optional<TaskStatus> status, int size) {
        List<String> seen = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            TaskPage page = owner.list("q", status, cursor, size);
            assertTrue(page.tasks().size() <= size, "page within its size");
            page.tasks().forEach(task -> seen.add(task.id()));
            cursor = page.nextCursor();
            assertTrue(cursor.isEmpty() || page.tasks().size() == size, "only a full page has a next one");
        } while (cursor.isPresent());
        return seen;
    }

    /** R49: pages of a queue's tasks in enqueue order, by status, until the last has no cursor. */
    @Test
    @DisplayName("R49 pages cover the queue's tasks in enqueue order; the last page has no cursor")
    public void r49_pagesCoverEveryTaskInOrder() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveQueue("other", QueueConfig.defaults(), T0);
        List<String> inserted = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String id = insert(alpha, "q", T0.plusMillis(i));
            inserted.add(id);
            insert(alpha, "other", T0.plusMillis(i));
            if (i % 3 == 0) {
                alpha.cancel(id, false, T0.plusSeconds(1));
            } else {
                pending.add(id);
            }
        }

        assertEquals(inserted, allPages(alpha, Optional.empty(), 10));
        assertEquals(inserted, allPages(alpha, Optional.empty(), 1));
        assertEquals(inserted, allPages(alpha, Optional.empty(), 25));
        assertEquals(pending, allPages(alpha, Optional.of(TaskStatus.PENDING), 4));
        assertEquals(List.of(), allPages(alpha, Optional.of(TaskStatus.FAILED), 4));
        assertEquals(new TaskPage(List.of(), Optional.empty()), alpha.list("absent", Optional.empty(),
                Optional.empty(), 5));
    }

    /** R49: a cursor stays valid while tasks are enqueued and deleted: no task seen twice, none skipped. */
    @Test
    @DisplayName("R49 a cursor stays valid while tasks are inserted and deleted, even the newest")
    public void r49_cursorSurvivesInsertsAndDeletes() {
        OwnerStore alpha = store.owner("alpha");
        alpha.saveQueue("q", QueueConfig.builder().retention(Duration.ofMinutes(1)).build(), T0);
        List<String> inserted = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inserted.add(insert(alpha, "q", T0.plusMillis(i)));
        }
        TaskPage first = alpha.list("q", Optional.empty(), Optional.empty(), 3);
        assertEquals(inserted.subList(0, 3), recordIds(first.tasks()));

        // Delete the last task of the page and every one after it, then enqueue more: a store that
        // reused the positions of deleted tasks would put the new ones behind the cursor.
        for (String gone : inserted.subList(2, 6)) {
            alpha.cancel(gone, false, T0);
        }
        assertEquals(4, alpha.purgeExpired(T0.plus(Duration.ofMinutes(1)), 10));
        String newer = insert(alpha, "q", T0.plusSeconds(100));
        String newest = insert(alpha, "q", T0.plusSeconds(101));

        TaskPage second = alpha.list("q", Optional.empty(), first.nextCursor(), 2);
        assertEquals(List.of(newer, newest), recordIds(second.tasks()));
        assertEquals(Optional.empty(), second.nextCursor(), "nothing after it: the last page");
        String last = insert(alpha, "q", T0.plusSeconds(102));
        TaskPage third = alpha.list("q", Optional.empty(), first.nextCursor(), 2);
        assertEquals(List.of(newer, newest), recordIds(third.tasks()));
        assertEquals(List.of(last), recordIds(alpha.list("q", Optional.empty(), third.nextCursor(), 2).tasks()));
        // The first page's cursor works with a status filter too.
        assertEquals(List.of(newer, newest, last),
                recordIds(alpha.list("q", Optional.of(TaskStatus.PENDING), first.nextCursor(), 10).tasks()));
        assertEquals(inserted.subList(0, 2), recordIds(alpha.list("q", Optional.empty(), Optional.empty(), 2).tasks()));
    }

    /** R49: a malformed cursor is refused, naming it. */
    @Test
    @DisplayName("R49 a cursor the store did not make is an IllegalArgumentException naming it")
    public void r49_malformedCursorIsRefused() {
        OwnerStore alpha = alphaWithQueue();
        for (String bad : List.of("", "not a cursor", "-1", "\u0000")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> alpha.list("q", Optional.empty(), Optional.of(bad), 5));
            assertTrue(refused.getMessage().contains("'" + bad + "'"), refused.getMessage());
        }
    }

    // ---------------------------------------------------------------- second round: sweeps, abandoned runs

    /** R21: purgeExpired deletes at most its limit per call; fewer than the limit means done. */
    @Test
    @DisplayName("R21 purgeExpired deletes in chunks of at most its limit")
    public void r21_purgeDeletesInChunks() {
        OwnerStore alpha = store.owner("alpha");
        alpha.saveQueue("q", QueueConfig.builder().retention(Duration.ofMinutes(1)).build(), T0);
        for (int i = 0; i < 25; i++) {
            alpha.cancel(insert(alpha, "q", T0), false, T0.plusSeconds(i));
        }
        String kept = insert(alpha, "q", T0);
        alpha.cancel(kept, false, T0.plusSeconds(100));
        Instant now = T0.plusSeconds(60 + 24);

        assertEquals(10, alpha.purgeExpired(now, 10));
        assertEquals(10, alpha.purgeExpired(now, 10));
        assertEquals(5, alpha.purgeExpired(now, 10));
        assertEquals(0, alpha.purgeExpired(now, 10));
        assertEquals(Map.of(TaskStatus.CANCELLED, 1L), alpha.countByStatus("q"));
        assertEquals(Optional.of(T0.plusSeconds(160)), alpha.nextExpiry());
        assertThrows(IllegalArgumentException.class, () -> alpha.purgeExpired(now, 0));
    }

    /**
     * R17, R37, R38: the runs no live host holds. A holder's own runs are never abandoned; another
     * holder's live runs are abandoned only in a store one process uses at a time.
     */
    @Test
    @DisplayName("R37 R38 abandoned runs exclude the holder's own; recordAbandoned applies only to them")
    public void r37_r38_abandonedByHolder() {
        OwnerStore alpha = alphaWithQueue();
        String mine = insert(alpha, "q", T0);
        String theirs = insert(alpha, "q", T0.plusMillis(1));
        String ended = insert(alpha, "q", T0.plusMillis(2));
        claim(alpha, "q", 1, T0.plusSeconds(1));
        alpha.claim(limited("q", 2, 10, Duration.ZERO, T0.plusSeconds(1), OTHER_LEASE));
        boolean oneProcess = !store.shared();

        List<String> abandoned = alpha.abandoned("q", LEASE.holder()).stream().map(TaskRecord::id).toList();
        assertEquals(oneProcess ? List.of(theirs, ended) : List.of(), abandoned);
        assertEquals(List.of(), alpha.abandoned("absent", LEASE.holder()));

        alpha.record(List.of(Outcome.completed(ended, 1, "ended since it was read", T0.plusSeconds(2))));
        int applied = alpha.recordAbandoned(List.of(
                Outcome.failed(mine, 1, "mine is not abandoned", T0.plusSeconds(3)),
                Outcome.failed(theirs, 1, "abandoned (R17)", T0.plusSeconds(3)),
                Outcome.failed(ended, 1, "no longer running", T0.plusSeconds(3))), LEASE.holder());

        assertEquals(oneProcess ? 1 : 0, applied);
        assertEquals(TaskStatus.RUNNING, found(alpha, mine).status());
        assertEquals(oneProcess ? TaskStatus.FAILED : TaskStatus.RUNNING, found(alpha, theirs).status());
        assertEquals("ended since it was read", found(alpha, ended).message());
        assertEquals(0, alpha.recordAbandoned(List.of(), LEASE.holder()));
    }

    /** R17, R38: after a reopen, the runs of the previous holder are abandoned for the next one. */
    @Test
    @DisplayName("R17 R38 the runs a closed store's host held are abandoned for the next host")
    public void r17_r38_runsOfThePreviousHostAreAbandoned() {
        OwnerStore alpha = alphaWithQueue();
        String id = insert(alpha, "q", T0);
        alpha.claim(limited("q", 1, 1, Duration.ZERO, T0, OTHER_LEASE));
        if (store.shared()) {
            return; // a shared store waits for the lease to expire: its own tests cover that
        }
        OwnerStore again = reopen().owner("alpha");

        assertEquals(List.of(id), again.abandoned("q", LEASE.holder()).stream().map(TaskRecord::id).toList());
        assertEquals(1, again.recordAbandoned(List.of(Outcome.retry(id, 1, "the host stopped (R17)",
                T0.plusSeconds(1), T0.plusSeconds(1))), LEASE.holder()));
        assertEquals(List.of(), again.abandoned("q", LEASE.holder()));
        assertEquals(List.of(id), ids(again.claim(limited("q", 1, 1, Duration.ZERO, T0.plusSeconds(1), LEASE))
                .claimed()));
        assertEquals(List.of(), again.abandoned("q", LEASE.holder()));
    }

    // ---------------------------------------------------------------- owners, persistence

    /** R1, R2: owners with the same queue name never see each other's tasks or queues. */
    @Test
    @DisplayName("R1 R2 owners are isolated: same queue name, no shared tasks, ids not found across")
    public void r1_r2_ownersAreIsolated() {
        OwnerStore alpha = store.owner("alpha");
        OwnerStore beta = store.owner("beta");
        alpha.saveQueue("sync", QueueConfig.defaults(), T0);
        beta.saveQueue("sync", QueueConfig.builder().concurrency(3).build(), T0);
        String alphas = insert(alpha, "sync", T0);

        assertEquals(Optional.empty(), beta.find(alphas));
        assertEquals(Optional.empty(), beta.cancel(alphas, false, T0));
        assertEquals(List.of(), claim(beta, "sync", 10, T0));
        assertEquals(0, beta.cancelPending("sync", T0));
        assertEquals(0, beta.record(List.of(Outcome.completed(alphas, 1, "", T0))));
        assertEquals(Map.of(), beta.countByStatus("sync"));
        assertEquals(1, alpha.findQueue("sync").orElseThrow().concurrency());
        assertEquals(3, beta.findQueue("sync").orElseThrow().concurrency());

        assertEquals(TaskStatus.PENDING, found(alpha, alphas).status());
        assertEquals(List.of(alphas), ids(claim(alpha, "sync", 10, T0)));
        assertEquals(List.of("alpha", "beta"), store.owners());
    }

    /** owners() lists every owner that has a queue, sorted. */
    @Test
    @DisplayName("R1 owners() lists the owners that have queues, sorted")
    public void r1_ownersAreListedSorted() {
        assertEquals(List.of(), store.owners());
        for (String owner : List.of("zeta", "alpha", "m.i-d_9")) {
            store.owner(owner).saveQueue("q", QueueConfig.defaults(), T0);
        }

        assertEquals(List.of("alpha", "m.i-d_9", "zeta"), store.owners());
    }

    /** R9: what was stored is there after the store is closed and opened again. */
    @Test
    @DisplayName("R9 tasks, queues and owners survive closing and reopening the store")
    public void r9_dataSurvivesReopen() {
        OwnerStore alpha = store.owner("alpha");
        QueueConfig config = QueueConfig.builder().concurrency(2).maxRetries(1).retention(Duration.ofDays(1)).build();
        alpha.saveQueue("q", config, T0);
        byte[] payload = {0, -1, 42};
        String waiting = insert(alpha, "q", T0.plusSeconds(60), payload.clone());
        String done = insert(alpha, "q", T0);
        String running = insert(alpha, "q", T0.plusMillis(1));
        assertEquals(done, claimOne(alpha, "q", T0).id());
        alpha.record(List.of(Outcome.completed(done, 1, "finished", T0.plusSeconds(1))));
        assertEquals(running, claimOne(alpha, "q", T0.plusSeconds(2)).id());
        TaskRecord waitingBefore = found(alpha, waiting);
        TaskRecord doneBefore = found(alpha, done);
        TaskRecord runningBefore = found(alpha, running);

        TaskStore reopened = reopen();
        OwnerStore again = reopened.owner("alpha");

        assertEquals(List.of("alpha"), reopened.owners());
        assertEquals(List.of("q"), again.queueNames());
        assertEquals(Optional.of(config), again.findQueue("q"));
        assertEquals(waitingBefore, found(again, waiting));
        assertEquals(doneBefore, found(again, done));
        assertEquals(runningBefore, found(again, running));
        assertEquals(List.of(running), again.running("q").stream().map(TaskRecord::id).toList());
        assertEquals(List.of(), claim(again, "q", 1, T0.plusSeconds(59)));
        ClaimedTask claimed = claimOne(again, "q", T0.plusSeconds(60));
        assertEquals(waiting, claimed.id());
        assertArrayEquals(payload, claimed.payload());
    }

    /** A store may be closed twice; after close, it refuses work. */
    @Test
    @DisplayName("R22 close is idempotent and the closed store refuses work")
    public void r22_closeIsIdempotentAndFinal() {
        OwnerStore alpha = alphaWithQueue();
        TaskStore closing = store;
        store = null;
        closing.close();
        closing.close();

        assertThrows(RuntimeException.class, () -> closing.owner("alpha"));
        RuntimeException refused = assertThrows(RuntimeException.class, () -> alpha.find("x"));
        assertNotNull(refused.getMessage());
        assertFalse(refused.getMessage().isBlank());
    }

    // ---------------------------------------------------------------- schedules

    private static NewTask fireTask(String schedule, Instant at) {
        return new NewTask(newId(), "q", new byte[] {7}, at, at, 0, Optional.of("schedule:" + schedule + "@" + at));
    }

    private static StoredSchedule scheduleOf(OwnerStore owner, String name) {
        return owner.schedule(name).orElseThrow(() -> new AssertionError("schedule " + name + " not found"));
    }

    /** R50: a schedule is stored; the same again changes nothing; another replaces it; delete removes it. */
    @Test
    @DisplayName("R50 schedules are stored, kept when equal, replaced when not, deleted")
    public void r50_schedulesAreStoredReplacedAndDeleted() {
        OwnerStore alpha = alphaWithQueue();
        assertTrue(alpha.saveSchedule("b", "q", "every PT10M", new byte[] {1}, T0));
        assertTrue(alpha.saveSchedule("a", "q", "every PT1H", new byte[] {2}, T0));
        StoredSchedule b = scheduleOf(alpha, "b");
        assertEquals("q", b.queueName());
        assertEquals("every PT10M", b.spec());
        assertArrayEquals(new byte[] {1}, b.payload());
        assertEquals(T0, b.anchor());
        assertEquals(Optional.empty(), b.lastFire());

        assertFalse(alpha.saveSchedule("b", "q", "every PT10M", new byte[] {1}, T0.plusSeconds(60)));
        assertEquals(b.anchor(), scheduleOf(alpha, "b").anchor(), "an equal schedule keeps its anchor");
        assertEquals(b.revision(), scheduleOf(alpha, "b").revision());

        assertTrue(alpha.saveSchedule("b", "q", "every PT10M", new byte[] {9}, T0.plusSeconds(60)));
        StoredSchedule replaced = scheduleOf(alpha, "b");
        assertEquals(T0.plusSeconds(60), replaced.anchor());
        assertTrue(replaced.revision() > b.revision(), "the revision grows");
        assertEquals(List.of("a", "b"), alpha.schedules().stream().map(StoredSchedule::name).toList());
        assertEquals(List.of(), store.owner("beta").schedules(), "owners do not see each other's schedules");

        assertTrue(alpha.deleteSchedule("b"));
        assertFalse(alpha.deleteSchedule("b"));
        assertEquals(Optional.empty(), alpha.schedule("b"));
    }

    /**
     * R51: a fire inserts its task and moves the last fire in one step; a second fire from the same
     * read (another host's) changes nothing; both survive a reopen.
     */
    @Test
    @DisplayName("R51 a fire enqueues once; a fire from a stale read changes nothing")
    public void r51_aFireIsAppliedOnce() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveSchedule("s", "q", "every PT10M", new byte[] {7}, T0);
        StoredSchedule read = scheduleOf(alpha, "s");
        Instant at = T0.plus(Duration.ofMinutes(10));
        NewTask task = fireTask("s", at);

        assertEquals(Optional.of(task.id()), alpha.fire(new ScheduleFire(read, task)));
        assertEquals(Optional.empty(), alpha.fire(new ScheduleFire(read, fireTask("s", at))), "same read again");
        assertEquals(Optional.empty(), alpha.fire(new ScheduleFire(scheduleOf(alpha, "s"), fireTask("s", at))),
                "a fire time not after the last fire");

        OwnerStore reopened = reopen().owner("alpha");
        assertEquals(Optional.of(at), scheduleOf(reopened, "s").lastFire());
        assertEquals(List.of(task.id()), list(reopened, "q", Optional.empty(), 10).stream().map(TaskRecord::id).toList());
        assertEquals(at, found(reopened, task.id()).readyAt());
    }

    /** R51: a fire computed from a schedule since replaced changes nothing. */
    @Test
    @DisplayName("R51 a fire of a replaced schedule's old revision changes nothing")
    public void r51_aFireOfAReplacedScheduleChangesNothing() {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveSchedule("s", "q", "every PT10M", new byte[] {7}, T0);
        StoredSchedule old = scheduleOf(alpha, "s");
        alpha.saveSchedule("s", "q", "every PT1H", new byte[] {7}, T0.plusSeconds(1));
        assertEquals(Optional.empty(), alpha.fire(new ScheduleFire(old, fireTask("s", T0.plus(Duration.ofMinutes(10))))));
        assertEquals(List.of(), list(alpha, "q", Optional.empty(), 10));
        alpha.deleteSchedule("s");
        assertEquals(Optional.empty(), alpha.fire(new ScheduleFire(old, fireTask("s", T0.plus(Duration.ofMinutes(20))))),
                "a deleted schedule fires no more");
    }

    /** R51, R35: eight threads firing one fire from the same read store exactly one task. */
    @Test
    @DisplayName("R51 concurrent fires of one fire time store one task")
    public void r51_concurrentFiresStoreOneTask() throws Exception {
        OwnerStore alpha = alphaWithQueue();
        alpha.saveSchedule("s", "q", "every PT10M", new byte[] {7}, T0);
        StoredSchedule read = scheduleOf(alpha, "s");
        Instant at = T0.plus(Duration.ofMinutes(10));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Optional<String>>> fires = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                fires.add(pool.submit(() -> {
                    go.await();
                    return alpha.fire(new ScheduleFire(read, fireTask("s", at)));
                }));
            }
            go.countDown();
            int applied = 0;
            for (Future<Optional<String>> fire : fires) {
                applied += fire.get(60, TimeUnit.SECONDS).isPresent() ? 1 : 0;
            }
            assertEquals(1, applied);
            assertEquals(1, list(alpha, "q", Optional.empty(), 10).size());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- host heartbeats

    private static QueueActivity activity(Instant firstMinute, int busyMinute, long starts, long completions,
                                          long failures) {
        List<Long> s = new ArrayList<>(java.util.Collections.nCopies(60, 0L));
        List<Long> c = new ArrayList<>(s);
        List<Long> f = new ArrayList<>(s);
        s.set(busyMinute, starts);
        c.set(busyMinute, completions);
        f.set(busyMinute, failures);
        return new QueueActivity(firstMinute, s, c, f);
    }

    private static HostBeat beat(String id, String name, Duration liveFor, List<HostQueue> queues) {
        return new HostBeat(id, name, 4242, T0, liveFor, queues);
    }

    /** R35: a host's heartbeat lists it, with what it runs and its activity, last seen on the store's clock. */
    @Test
    @DisplayName("R35 a heartbeat lists its host with what it runs, its activity, and when it was last seen")
    public void r35_heartbeatListsItsHost() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(59));
        List<HostQueue> runs = List.of(
                new HostQueue("alpha", "mail", 2, activity(first, 59, 5, 3, 1)),
                new HostQueue("beta", "q <x>", 0, activity(first, 10, 0, 0, 7)));
        Instant before = Instant.now().minusSeconds(60);
        store.beat(beat("h1", "machine-1", Duration.ofMinutes(1), runs));

        List<LiveHost> live = store.liveHosts();
        assertEquals(1, live.size(), live.toString());
        LiveHost host = live.get(0);
        assertEquals("h1", host.hostId());
        assertEquals("machine-1", host.hostName());
        assertEquals(4242, host.pid());
        assertEquals(T0, host.startedAt());
        assertEquals(runs, host.queues(), "what it runs and its per-minute counts, as told");
        assertTrue(host.lastSeen().isAfter(before) && host.lastSeen().isBefore(Instant.now().plusSeconds(60)),
                "last seen now, on the store's clock: " + host.lastSeen());

        store.beat(beat("h1", "machine-1", Duration.ofMinutes(1), List.of()));
        LiveHost again = store.liveHosts().get(0);
        assertEquals(List.of(), again.queues(), "a beat replaces what the last one told");
        assertFalse(again.lastSeen().isBefore(host.lastSeen()));
    }

    /** R35: hosts are listed by name then id; a host that closes is gone at once, the others stay. */
    @Test
    @DisplayName("R35 live hosts by name; a forgotten host drops out, the others stay")
    public void r35_forgottenHostDropsOut() {
        store.beat(beat("h2", "b-machine", Duration.ofMinutes(1), List.of()));
        store.beat(beat("h1", "a-machine", Duration.ofMinutes(1), List.of()));
        store.beat(beat("h0", "b-machine", Duration.ofMinutes(1), List.of()));
        assertEquals(List.of("h1", "h0", "h2"), store.liveHosts().stream().map(LiveHost::hostId).toList());

        store.forgetHost("h0");
        store.forgetHost("no-such-host");
        assertEquals(List.of("h1", "h2"), store.liveHosts().stream().map(LiveHost::hostId).toList());
    }

    /** R35: a host that stops beating (killed) drops out once its beat runs out, with no one removing it. */
    @Test
    @DisplayName("R35 a host whose heartbeat ran out is no longer live")
    public void r35_heartbeatRunsOut() throws InterruptedException {
        store.beat(beat("short", "m", Duration.ofMillis(300), List.of()));
        store.beat(beat("long", "m", Duration.ofMinutes(1), List.of()));
        assertEquals(List.of("long", "short"), store.liveHosts().stream().map(LiveHost::hostId).toList());
        Thread.sleep(700);
        assertEquals(List.of("long"), store.liveHosts().stream().map(LiveHost::hostId).toList());
        store.beat(beat("long", "m", Duration.ofMinutes(1), List.of()));
        assertEquals(List.of("long"), store.liveHosts().stream().map(LiveHost::hostId).toList(),
                "a beat prunes the runs-out ones and lists itself");
    }

    /** R23: a store opened read-only lists hosts but records no heartbeat. */
    @Test
    @DisplayName("R23 a store opened read-only refuses heartbeats")
    public void r23_readOnlyStoreRefusesHeartbeats() {
        alphaWithQueue();
        try (TaskStore readOnly = provider.open(new StoreContext(context().dataDirectory(), true))) {
            assertThrows(TaskStoreException.class,
                    () -> readOnly.beat(beat("h1", "m", Duration.ofMinutes(1), List.of())));
            assertThrows(TaskStoreException.class, () -> readOnly.forgetHost("h1"));
            assertNotNull(readOnly.liveHosts());
        }
    }
}
