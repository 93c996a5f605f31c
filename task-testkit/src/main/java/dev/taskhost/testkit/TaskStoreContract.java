package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
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
}
