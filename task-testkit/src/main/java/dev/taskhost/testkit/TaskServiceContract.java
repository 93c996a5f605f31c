package dev.taskhost.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The behaviour every {@link TaskService} must show through the {@code TaskService} interface alone,
 * one or more tests per SPEC rule: R1 to R16, R18 to R21 and R24. Extend it once per
 * implementation (the real host on each store, the {@link FakeTaskService}) so that none can drift
 * from the others.
 *
 * <p>Not here: the rules that need a host restart, a crash, a shutdown, a broken store or plugins
 * (R17, R22, R23, R25 to R30). They are tested against the real host where it lives.
 *
 * <p>How the tests are written, so that they hold whether workers run on the test thread (the
 * fake) or on a pool of the host's, several at once: workers record what they see in thread-safe
 * collections, never wait for the test thread, and nothing asserts how long anything took. Time is
 * the {@link #clock() manual clock}'s, moved only by the tests; a task is held {@code PENDING} by
 * a queue's delay (R13) or a backoff (R14), never by a blocked worker. Only the timeout tests (R15)
 * depend on real time, as their rule is about it; a few workers sleep 20 ms so that a pool has the
 * chance to overlap runs (R4, R7, R12).
 *
 * <p>For each test, JUnit calls {@link #setUp()}, then the test, which calls
 * {@link #newService} for one or more owners, and then {@link #tearDown()}.
 */
public abstract class TaskServiceContract {

    /** The delay of the queues that hold tasks pending: no task waits that long in a test otherwise. */
    private static final Duration HOLD = Duration.ofHours(1);
    private static final Pattern URL_SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{22,}");
    private static final int MIB = 1_048_576;

    /** For subclasses. */
    protected TaskServiceContract() {
    }

    /**
     * A service of a fresh owner with that budget, running its tasks with {@code worker} and reading
     * {@link #clock()}. Called several times in a test, each time for another owner; all the
     * services of a test share one backend (one host, one store).
     *
     * @throws IllegalArgumentException if the owner id breaks R3: the implementation must let it
     *     through unwrapped, as the R3 test expects it
     */
    protected abstract TaskService newService(String owner, int maxConcurrency, TaskWorker worker);

    /** The manual clock that every service of the current test reads; the tests move it. */
    protected abstract ManualClock clock();

    /**
     * Starts what is due at {@link #clock()}'s time and returns once nothing is running and nothing
     * can start without the clock moving. Fails the test (an {@link AssertionError}) if that does
     * not happen within a generous time.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    protected abstract void runUntilIdle() throws InterruptedException;

    /**
     * Opens a fresh backend for one test; called before each test. Override it instead of adding a
     * {@code @BeforeEach} of your own. Does nothing by default.
     *
     * @throws Exception to fail the test
     */
    protected void setUp() throws Exception {
    }

    /**
     * Closes what {@link #setUp()} opened; called after each test, even a failed one. Override it
     * instead of adding an {@code @AfterEach} of your own. Does nothing by default.
     *
     * @throws Exception to fail the test
     */
    protected void tearDown() throws Exception {
    }

    /**
     * Calls {@link #setUp()}; for JUnit.
     *
     * @throws Exception what {@code setUp} throws
     */
    @BeforeEach
    public final void openBackend() throws Exception {
        setUp();
    }

    /**
     * Calls {@link #tearDown()}; for JUnit.
     *
     * @throws Exception what {@code tearDown} throws
     */
    @AfterEach
    public final void closeBackend() throws Exception {
        tearDown();
    }

    /**
     * Moves {@link #clock()} forward, then {@link #runUntilIdle()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    protected final void advance(Duration duration) throws InterruptedException {
        clock().advance(duration);
        runUntilIdle();
    }

    // R1 Owners and isolation

    /**
     * R1: two owners may both have a queue of one name, and neither sees nor clears the other's tasks.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r1_sameQueueNameUnderTwoOwnersIsIsolated() throws Exception {
        Recorder alphaWorker = new Recorder(Recorder::done);
        Recorder betaWorker = new Recorder(Recorder::done);
        TaskService alpha = newService("alpha", 1, alphaWorker);
        TaskService beta = newService("beta", 1, betaWorker);
        alpha.createQueue("sync", held());
        beta.createQueue("sync", held());
        alpha.enqueue("sync", bytes("alpha-1"));
        beta.enqueue("sync", bytes("beta-1"));
        runUntilIdle();
        String alphaPending = alpha.enqueue("sync", bytes("alpha-2"));
        String betaPending = beta.enqueue("sync", bytes("beta-2"));

        assertEquals(1, alpha.clearQueue("sync"));
        assertEquals(TaskStatus.PENDING, beta.get(betaPending).status());
        advance(HOLD);

        assertEquals(List.of("alpha-1"), alphaWorker.payloads());
        assertEquals(List.of("beta-1", "beta-2"), betaWorker.payloads());
        assertEquals(TaskStatus.CANCELLED, alpha.get(alphaPending).status());
        assertEquals(TaskStatus.COMPLETED, beta.get(betaPending).status());
    }

    /**
     * R2: get and cancel on another owner's task id fail exactly as on an unknown id.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r2_anotherOwnersTaskIdIsNotFound() throws Exception {
        TaskService alpha = newService("alpha", 1, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        alpha.createQueue("q", held());
        beta.createQueue("q", held());
        String finished = alpha.enqueue("q", bytes("first"));
        runUntilIdle();
        String pending = alpha.enqueue("q", bytes("second"));
        String unknown = "AAAAAAAAAAAAAAAAAAAAAA";
        String unknownGet = assertThrows(TaskNotFoundException.class, () -> beta.get(unknown)).getMessage();
        String unknownCancel = assertThrows(TaskNotFoundException.class, () -> beta.cancel(unknown)).getMessage();

        for (String id : List.of(finished, pending)) {
            String get = assertThrows(TaskNotFoundException.class, () -> beta.get(id)).getMessage();
            String cancel = assertThrows(TaskNotFoundException.class, () -> beta.cancel(id)).getMessage();
            assertEquals(unknownGet.replace(unknown, "<id>"), get.replace(id, "<id>"), "get leaks existence");
            assertEquals(unknownCancel.replace(unknown, "<id>"), cancel.replace(id, "<id>"),
                    "cancel leaks existence");
        }
        assertEquals(TaskStatus.COMPLETED, alpha.get(finished).status());
        assertEquals(TaskStatus.PENDING, alpha.get(pending).status());
    }

    /** R3: an owner id must match {@code [a-z0-9][a-z0-9._-]{0,63}}. */
    @Test
    public void r3_badOwnerIdIsRefused() {
        for (String bad : List.of("Bad Owner", "", "Upper", "-dash-first", ".dot-first", "_first",
                "a".repeat(65), "with/slash", "tab\tname", "ünïcode")) {
            assertThrows(IllegalArgumentException.class, () -> newService(bad, 1, new Recorder(Recorder::done)),
                    () -> "owner id '" + bad + "'");
        }
    }

    /**
     * R3: owner ids that match the pattern, up to 64 characters, are accepted.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r3_goodOwnerIdsAreAccepted() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        List<String> owners = List.of("a", "0", "my-plugin", "plugin_1.2", "a".repeat(64));
        for (String owner : owners) {
            TaskService service = newService(owner, 1, worker);
            service.createQueue("q", QueueConfig.defaults());
            service.enqueue("q", bytes(owner));
        }
        runUntilIdle();
        assertEquals(Set.copyOf(owners), Set.copyOf(worker.payloads()));
    }

    /**
     * R4: the budget is shared by all the owner's queues; a queue asking for more than what is left
     * gets what is left; with nothing left, createQueue fails saying {@code N/M} is allocated.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r4_budgetIsSharedByAllQueuesOfTheOwner() throws Exception {
        InFlight worker = new InFlight();
        TaskService service = newService("alpha", 3, worker);
        service.createQueue("two", QueueConfig.builder().concurrency(2).build());
        service.createQueue("rest", QueueConfig.builder().concurrency(5).build());

        IllegalStateException exhausted = assertThrows(IllegalStateException.class,
                () -> service.createQueue("none", QueueConfig.defaults()));
        assertTrue(exhausted.getMessage().contains("3/3"), exhausted.getMessage());
        assertThrows(QueueNotFoundException.class, () -> service.enqueue("none", bytes("x")));

        for (int i = 0; i < 6; i++) {
            service.enqueue("two", bytes("two-" + i));
            service.enqueue("rest", bytes("rest-" + i));
        }
        runUntilIdle();
        assertEquals(12, worker.ran());
        assertTrue(worker.most("rest") <= 1, "'rest' got only what was left of the budget: 1");
        assertTrue(worker.most("two") <= 2);
    }

    /** R4: with the default budget of 1, the second queue finds the budget exhausted, 1/1. */
    @Test
    public void r4_defaultBudgetOfOneAllowsOneQueue() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("first", QueueConfig.builder().concurrency(3).build());
        IllegalStateException exhausted = assertThrows(IllegalStateException.class,
                () -> service.createQueue("second", QueueConfig.defaults()));
        assertTrue(exhausted.getMessage().contains("1/1"), exhausted.getMessage());
    }

    // Queues

    /**
     * R5: empty names, names over 128 bytes of UTF-8 and names with control characters are refused
     * by createQueue, enqueue and clearQueue, naming the rule.
     */
    @Test
    public void r5_badQueueNamesAreRefused() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        for (String bad : List.of("", "a".repeat(129), "€".repeat(43), "line\nbreak", "tab\tname", "nul\u0000",
                "del\u007f", "next-line\u0085")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> service.createQueue(bad, QueueConfig.defaults()), () -> "queue name '" + bad + "'");
            assertTrue(refused.getMessage().contains("R5"), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> service.enqueue(bad, bytes("x")), bad);
            assertThrows(IllegalArgumentException.class, () -> service.clearQueue(bad), bad);
        }
        // Nothing was created, and none of the budget of 1 was used.
        service.createQueue("ok", QueueConfig.defaults());
    }

    /**
     * R5: names of 1 to 128 bytes of UTF-8, in any script, work.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r5_goodQueueNamesWork() throws Exception {
        List<String> names = List.of("a", "a".repeat(128), "😀".repeat(32), "€".repeat(42) + "ab",
                "תור-משימות", "قائمة المهام", "with space/and:colon");
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", names.size(), worker);
        Map<String, String> idByName = new LinkedHashMap<>();
        for (String name : names) {
            service.createQueue(name, QueueConfig.defaults());
            idByName.put(name, service.enqueue(name, bytes(name)));
        }
        runUntilIdle();
        for (String name : names) {
            TaskInfo info = service.get(idByName.get(name));
            assertEquals(name, info.queueName());
            assertEquals(TaskStatus.COMPLETED, info.status());
            assertEquals(name, worker.call(info.id(), 1).queueName());
        }
    }

    /**
     * R6: a queue can be created once; the second createQueue throws and leaves the first config.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r6_creatingAQueueTwiceThrows() throws Exception {
        TaskService service = newService("alpha", 2, new Recorder(Recorder::fail));
        service.createQueue("q", QueueConfig.defaults());
        assertThrows(QueueExistsException.class,
                () -> service.createQueue("q", QueueConfig.builder().maxRetries(5).build()));

        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        TaskInfo info = service.get(id);
        assertEquals(TaskStatus.FAILED, info.status(), "the first config, without retries, stayed");
        assertEquals(1, info.attempt());
    }

    /**
     * R7: with the defaults a task is tried once, and tasks start without delay.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_defaultsTryOnceWithoutDelay() throws Exception {
        Recorder worker = new Recorder(task -> {
            if (text(task.payload()).equals("bad")) {
                throw new IOException("bad payload");
            }
            return "ok";
        });
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        String bad = service.enqueue("q", bytes("bad"));
        String first = service.enqueue("q", bytes("first"));
        String second = service.enqueue("q", bytes("second"));
        runUntilIdle();

        assertEquals(TaskStatus.FAILED, service.get(bad).status());
        assertEquals(TaskStatus.COMPLETED, service.get(first).status());
        assertEquals(TaskStatus.COMPLETED, service.get(second).status(), "no delay between starts");
        advance(Duration.ofMinutes(30));
        assertEquals(List.of(1), worker.attempts(bad), "no retry");
    }

    /**
     * R7: a zero concurrency means 1, and takes 1 from the budget.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_zeroConcurrencyMeansOne() throws Exception {
        InFlight worker = new InFlight();
        TaskService service = newService("alpha", 4, worker);
        service.createQueue("zero", QueueConfig.builder().concurrency(0).build());
        service.createQueue("three", QueueConfig.builder().concurrency(3).build());
        IllegalStateException exhausted = assertThrows(IllegalStateException.class,
                () -> service.createQueue("none", QueueConfig.defaults()));
        assertTrue(exhausted.getMessage().contains("4/4"), exhausted.getMessage());

        for (int i = 0; i < 5; i++) {
            service.enqueue("zero", bytes("zero-" + i));
        }
        runUntilIdle();
        assertEquals(5, worker.ran());
        assertTrue(worker.most("zero") <= 1);
    }

    /**
     * R7: a zero backoff means 1 s.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_zeroBackoffMeansOneSecond() throws Exception {
        Recorder worker = new Recorder(Recorder::fail);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(1).backoff(Duration.ZERO).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(Duration.ofMillis(999));
        assertEquals(List.of(1), worker.attempts(id));
        advance(Duration.ofMillis(1));
        assertEquals(List.of(1, 2), worker.attempts(id));
    }

    /**
     * R7: a zero retention means 1 h.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_zeroRetentionMeansOneHour() throws Exception {
        assertRetention(Duration.ZERO, Duration.ofHours(1));
    }

    /**
     * R7: a retention under 1 minute is raised to 1 minute.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_retentionUnderOneMinuteIsRaisedToIt() throws Exception {
        assertRetention(Duration.ofSeconds(1), QueueConfig.MIN_RETENTION);
    }

    /**
     * R7: a retention over 1 week is lowered to 1 week.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_retentionOverOneWeekIsLoweredToIt() throws Exception {
        assertRetention(Duration.ofDays(30), QueueConfig.MAX_RETENTION);
    }

    private void assertRetention(Duration asked, Duration kept) throws InterruptedException {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.builder().retention(asked).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(kept.minusSeconds(1));
        assertEquals(TaskStatus.COMPLETED, service.get(id).status(), "kept until " + kept + " have passed");
        advance(Duration.ofSeconds(2));
        assertThrows(TaskNotFoundException.class, () -> service.get(id), "deleted once " + kept + " have passed");
    }

    /** R7: a negative number or duration is refused naming the setting, and no queue is created. */
    @Test
    public void r7_negativeSettingsAreRefused() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        Duration negative = Duration.ofMillis(-1);
        Map<String, Supplier<QueueConfig>> configs = new LinkedHashMap<>();
        configs.put("concurrency", () -> QueueConfig.builder().concurrency(-1).build());
        configs.put("maxRetries", () -> QueueConfig.builder().maxRetries(-1).build());
        configs.put("backoff", () -> QueueConfig.builder().backoff(negative).build());
        configs.put("delay", () -> QueueConfig.builder().delay(negative).build());
        configs.put("retention", () -> QueueConfig.builder().retention(negative).build());
        configs.put("timeout", () -> QueueConfig.builder().timeout(negative).build());
        configs.forEach((setting, config) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> service.createQueue("q", config.get()), setting);
            assertTrue(refused.getMessage().contains(setting), refused.getMessage());
        });
        assertThrows(QueueNotFoundException.class, () -> service.enqueue("q", bytes("x")));
    }

    /**
     * R8: enqueue and clearQueue on a queue the owner has not created (even if another owner has)
     * throw QueueNotFoundException; once created, the queue works.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r8_enqueueAndClearBeforeCreateThrow() throws Exception {
        TaskService alpha = newService("alpha", 1, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        beta.createQueue("q", QueueConfig.defaults());

        for (String queue : List.of("q", "never")) {
            assertThrows(QueueNotFoundException.class, () -> alpha.enqueue(queue, bytes("x")), queue);
            assertThrows(QueueNotFoundException.class, () -> alpha.clearQueue(queue), queue);
        }
        alpha.createQueue("q", QueueConfig.defaults());
        String id = alpha.enqueue("q", bytes("x"));
        runUntilIdle();
        assertEquals(TaskStatus.COMPLETED, alpha.get(id).status());
        assertEquals(0, alpha.clearQueue("q"));
    }

    // Tasks

    /**
     * R9: task ids are unique, URL-safe and at least 22 characters (122 random bits and more).
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r9_idsAreUniqueUrlSafeAndLong() throws Exception {
        TaskService alpha = newService("alpha", 1, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        alpha.createQueue("q", QueueConfig.defaults());
        beta.createQueue("q", QueueConfig.defaults());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            for (TaskService service : List.of(alpha, beta)) {
                String id = service.enqueue("q", bytes("x"));
                assertTrue(URL_SAFE_ID.matcher(id).matches(), id);
                assertTrue(ids.add(id), () -> "duplicate id " + id);
            }
        }
        runUntilIdle();
    }

    /**
     * R10: payloads of 0 bytes and of exactly 1 MiB reach the worker byte for byte.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r10_emptyAndLargestPayloadsReachTheWorkerExactly() throws Exception {
        byte[] largest = new byte[MIB];
        new Random(10).nextBytes(largest);
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        String empty = service.enqueue("q", new byte[0]);
        String full = service.enqueue("q", largest);
        runUntilIdle();

        assertArrayEquals(new byte[0], worker.call(empty, 1).payload());
        assertArrayEquals(largest, worker.call(full, 1).payload());
        assertEquals(TaskStatus.COMPLETED, service.get(full).status());
    }

    /**
     * R10: a payload over 1 MiB is refused with a message naming its size and the limit.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r10_largerPayloadIsRefusedNamingSizeAndLimit() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> service.enqueue("q", new byte[MIB + 1]));
        assertTrue(refused.getMessage().contains(String.valueOf(MIB + 1)), refused.getMessage());
        assertTrue(refused.getMessage().contains(String.valueOf(MIB)), refused.getMessage());
        runUntilIdle();
        assertEquals(List.of(), worker.calls());
    }

    /**
     * R10: changing the array after enqueue changes nothing the worker gets.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r10_payloadIsCopiedOnEnqueue() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        byte[] payload = bytes("original");
        String id = service.enqueue("q", payload);
        Arrays.fill(payload, (byte) 'x');
        runUntilIdle();
        assertEquals("original", text(worker.call(id, 1).payload()));
    }

    /**
     * R10: each attempt gets the stored bytes, whatever an earlier attempt did to its array.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r10_everyAttemptGetsTheStoredBytes() throws Exception {
        Recorder worker = new Recorder(task -> {
            Arrays.fill(task.payload(), (byte) 0);
            if (task.attempt() == 1) {
                throw new IOException("first attempt fails");
            }
            return "ok";
        });
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(1).build());
        String id = service.enqueue("q", bytes("payload"));
        runUntilIdle();
        advance(QueueConfig.DEFAULT_BACKOFF);
        assertEquals("payload", text(worker.call(id, 2).payload()));
    }

    /**
     * R11: with concurrency 1, tasks enqueued at one time start in enqueue order.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r11_tasksStartInEnqueueOrder() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            expected.add("task-" + i);
            service.enqueue("q", bytes("task-" + i));
        }
        runUntilIdle();
        assertEquals(expected, worker.payloads());
    }

    /**
     * R11: a retried task takes its turn by the time it became ready again: behind tasks that became
     * ready before it, ahead of those that became ready after.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r11_retriedTaskGoesBehindTasksReadyEarlier() throws Exception {
        Recorder worker = new Recorder(task -> {
            if (text(task.payload()).equals("A") && task.attempt() == 1) {
                throw new IOException("A fails once");
            }
            return "ok";
        });
        TaskService service = newService("alpha", 1, worker);
        // The delay holds every task pending until the next slot, 100 s after the last start.
        service.createQueue("q", QueueConfig.builder().maxRetries(1).backoff(Duration.ofSeconds(10))
                .delay(Duration.ofSeconds(100)).build());
        service.enqueue("q", bytes("A"));
        runUntilIdle(); // t0: A fails, ready again at t0+10s
        advance(Duration.ofSeconds(5));
        service.enqueue("q", bytes("B")); // ready at t0+5s
        advance(Duration.ofSeconds(15));
        service.enqueue("q", bytes("C")); // ready at t0+20s
        runUntilIdle();
        assertEquals(List.of("A"), worker.payloads());

        advance(Duration.ofSeconds(80)); // t0+100s
        assertEquals(List.of("A", "B"), worker.payloads());
        advance(Duration.ofSeconds(100));
        assertEquals(List.of("A", "B", "A"), worker.payloads());
        advance(Duration.ofSeconds(100));
        assertEquals(List.of("A", "B", "A", "C"), worker.payloads());
    }

    /**
     * R12: never more than the queue's concurrency of its tasks run at once.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r12_neverMoreThanConcurrencyRunAtOnce() throws Exception {
        InFlight worker = new InFlight();
        TaskService service = newService("alpha", 3, worker);
        service.createQueue("two", QueueConfig.builder().concurrency(2).build());
        service.createQueue("one", QueueConfig.builder().concurrency(1).build());
        for (int i = 0; i < 10; i++) {
            service.enqueue("two", bytes("two-" + i));
            service.enqueue("one", bytes("one-" + i));
        }
        runUntilIdle();
        assertEquals(20, worker.ran());
        assertTrue(worker.most("two") <= 2, () -> "at most 2 at once, saw " + worker.most("two"));
        assertTrue(worker.most("one") <= 1, () -> "at most 1 at once, saw " + worker.most("one"));
    }

    /**
     * R13: two consecutive starts in a queue are at least the delay apart, whatever its concurrency;
     * the first start is immediate, and a task waiting for its slot is pending.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r13_startsAreAtLeastTheDelayApart() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 2, worker);
        service.createQueue("q", QueueConfig.builder().concurrency(2).delay(Duration.ofSeconds(10)).build());
        service.enqueue("q", bytes("1"));
        String second = service.enqueue("q", bytes("2"));
        service.enqueue("q", bytes("3"));
        runUntilIdle();
        assertEquals(List.of("1"), worker.payloads());

        advance(Duration.ofSeconds(9));
        assertEquals(List.of("1"), worker.payloads());
        assertEquals(TaskStatus.PENDING, service.get(second).status());
        advance(Duration.ofSeconds(1));
        assertEquals(List.of("1", "2"), worker.payloads());
        advance(Duration.ofSeconds(10));
        assertEquals(List.of("1", "2", "3"), worker.payloads());
    }

    /**
     * R13: a task waiting for its queue's delay slot is pending, so it can be cancelled.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r13_taskWaitingForItsSlotCanBeCancelled() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().delay(Duration.ofSeconds(10)).build());
        service.enqueue("q", bytes("1"));
        String waiting = service.enqueue("q", bytes("2"));
        runUntilIdle();
        service.cancel(waiting);
        advance(Duration.ofSeconds(10));
        assertEquals(List.of("1"), worker.payloads());
        assertEquals(TaskStatus.CANCELLED, service.get(waiting).status());
    }

    /**
     * R14: attempts are numbered 1 to maxRetries + 1; a failed one is retried once the backoff,
     * doubling each time, has passed on the clock, not before; then the task fails with the last
     * attempt's message.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r14_retriesWithExponentialBackoffThenFails() throws Exception {
        Recorder worker = new Recorder(task -> {
            throw new IOException("attempt " + task.attempt() + " failed");
        });
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(2).backoff(Duration.ofSeconds(10)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        assertEquals(List.of(1), worker.attempts(id));
        assertState(service.get(id), TaskStatus.PENDING, 1, "attempt 1 failed");

        advance(Duration.ofMillis(9_999));
        assertEquals(List.of(1), worker.attempts(id), "not before the backoff of 10 s");
        advance(Duration.ofMillis(1));
        assertEquals(List.of(1, 2), worker.attempts(id));
        assertState(service.get(id), TaskStatus.PENDING, 2, "attempt 2 failed");

        advance(Duration.ofMillis(19_999));
        assertEquals(List.of(1, 2), worker.attempts(id), "not before the doubled backoff of 20 s");
        advance(Duration.ofMillis(1));
        assertEquals(List.of(1, 2, 3), worker.attempts(id));
        assertState(service.get(id), TaskStatus.FAILED, 3, "attempt 3 failed");

        advance(Duration.ofMinutes(30));
        assertEquals(List.of(1, 2, 3), worker.attempts(id), "at most maxRetries + 1 attempts");
    }

    /**
     * R14: a task whose retry succeeds is completed, at that attempt.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r14_retryThatSucceedsCompletesTheTask() throws Exception {
        Recorder worker = new Recorder(task -> {
            if (task.attempt() < 3) {
                throw new IOException("attempt " + task.attempt() + " failed");
            }
            return "third time lucky";
        });
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(5).backoff(Duration.ofSeconds(1)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(2));
        assertState(service.get(id), TaskStatus.COMPLETED, 3, "third time lucky");
        advance(Duration.ofMinutes(30));
        assertEquals(List.of(1, 2, 3), worker.attempts(id));
    }

    /**
     * R14: the backoff stops doubling at 1 h.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r14_backoffIsCappedAtOneHour() throws Exception {
        Recorder worker = new Recorder(Recorder::fail);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(2).backoff(Duration.ofMinutes(40)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(Duration.ofMinutes(40));
        assertEquals(List.of(1, 2), worker.attempts(id));
        advance(Duration.ofHours(1).minusMillis(1));
        assertEquals(List.of(1, 2), worker.attempts(id));
        advance(Duration.ofMillis(1));
        assertEquals(List.of(1, 2, 3), worker.attempts(id), "after 1 h, not the doubled 80 min");
    }

    /**
     * R15: an attempt still running when the timeout passes is interrupted and fails, with a message
     * saying it timed out. Takes real time.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r15_attemptPastTheTimeoutIsInterruptedAndFails() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        TaskService service = newService("alpha", 1, task -> sleepUntilInterrupted(interrupted));
        service.createQueue("q", QueueConfig.builder().timeout(Duration.ofMillis(200)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();

        TaskInfo info = service.get(id);
        assertEquals(TaskStatus.FAILED, info.status(), info::toString);
        assertEquals(1, info.attempt());
        assertTrue(info.message().contains("timed out"), info.message());
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the worker was interrupted");
    }

    /**
     * R15: a timed-out attempt with attempts left is retried after the backoff (R14).
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r15_timedOutAttemptIsRetried() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        TaskService service = newService("alpha", 1, task -> task.attempt() == 1
                ? sleepUntilInterrupted(interrupted) : "in time");
        service.createQueue("q", QueueConfig.builder().maxRetries(1).timeout(Duration.ofMillis(200)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        TaskInfo first = service.get(id);
        assertEquals(TaskStatus.PENDING, first.status(), first::toString);
        assertTrue(first.message().contains("timed out"), first.message());

        advance(QueueConfig.DEFAULT_BACKOFF);
        assertState(service.get(id), TaskStatus.COMPLETED, 2, "in time");
    }

    /**
     * R15: an attempt that ends within the timeout completes as usual.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r15_attemptWithinTheTimeoutCompletes() throws Exception {
        TaskService service = newService("alpha", 1, task -> "quick");
        service.createQueue("q", QueueConfig.builder().timeout(Duration.ofMinutes(1)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        assertState(service.get(id), TaskStatus.COMPLETED, 1, "quick");
    }

    /**
     * R16: on success the message is what the worker returned, null becoming "".
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r16_messageIsWhatTheWorkerReturned() throws Exception {
        TaskService service = newService("alpha", 1, task -> {
            String payload = text(task.payload());
            return payload.equals("null") ? null : payload;
        });
        service.createQueue("q", QueueConfig.defaults());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(service.enqueue("q", bytes("null")), "");
        expected.put(service.enqueue("q", bytes("")), "");
        expected.put(service.enqueue("q", bytes("hello, world")), "hello, world");
        runUntilIdle();
        expected.forEach((id, message) -> assertState(service.get(id), TaskStatus.COMPLETED, 1, message));
    }

    /**
     * R16: on failure the message is the exception's message, or its class name when it has none.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r16_failureMessageIsTheExceptionsMessageElseItsClassName() throws Exception {
        TaskService service = newService("alpha", 1, task -> {
            switch (text(task.payload())) {
                case "message":
                    throw new IllegalStateException("broken pipe");
                case "checked":
                    throw new IOException();
                default:
                    throw new IllegalStateException();
            }
        });
        service.createQueue("q", QueueConfig.defaults());
        String withMessage = service.enqueue("q", bytes("message"));
        String checked = service.enqueue("q", bytes("checked"));
        String without = service.enqueue("q", bytes("none"));
        runUntilIdle();
        assertState(service.get(withMessage), TaskStatus.FAILED, 1, "broken pipe");
        assertState(service.get(checked), TaskStatus.FAILED, 1, "java.io.IOException");
        assertState(service.get(without), TaskStatus.FAILED, 1, "java.lang.IllegalStateException");
    }

    /**
     * R16: messages are cut to 4 KiB of UTF-8, never inside a character.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r16_messagesAreCutTo4KiB() throws Exception {
        TaskService service = newService("alpha", 1, task -> {
            switch (text(task.payload())) {
                case "ascii":
                    return "x".repeat(5000);
                case "euro":
                    return "€".repeat(2000);
                default:
                    throw new IllegalStateException("y".repeat(10_000));
            }
        });
        service.createQueue("q", QueueConfig.defaults());
        String ascii = service.enqueue("q", bytes("ascii"));
        String euro = service.enqueue("q", bytes("euro"));
        String failure = service.enqueue("q", bytes("failure"));
        runUntilIdle();
        assertEquals("x".repeat(4096), service.get(ascii).message());
        assertEquals("€".repeat(1365), service.get(euro).message(), "4095 bytes: a 4097th would split a €");
        assertEquals("y".repeat(4096), service.get(failure).message());
    }

    // Cancel, clear, get

    /**
     * R18: a cancelled pending task is cancelled, and never starts.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r18_cancelledPendingTaskNeverStarts() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", held());
        holdSlot(service, "q");
        String id = service.enqueue("q", bytes("cancel me"));
        service.cancel(id);
        assertEquals(TaskStatus.CANCELLED, service.get(id).status());
        assertEquals(clock().instant(), service.get(id).updatedAt());

        advance(HOLD.multipliedBy(2));
        assertEquals(List.of(), worker.attempts(id));
        assertEquals(TaskStatus.CANCELLED, service.get(id).status());
    }

    /**
     * R18: a task waiting out a backoff can be cancelled, and is not retried.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r18_taskWaitingOutABackoffCanBeCancelled() throws Exception {
        Recorder worker = new Recorder(Recorder::fail);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(3).backoff(Duration.ofMinutes(1)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        assertEquals(TaskStatus.PENDING, service.get(id).status());

        service.cancel(id);
        advance(Duration.ofMinutes(30));
        assertEquals(List.of(1), worker.attempts(id));
        TaskInfo info = service.get(id);
        assertEquals(TaskStatus.CANCELLED, info.status());
        assertEquals(1, info.attempt());
    }

    /**
     * R18: cancel of a completed, failed or cancelled task throws, naming the status, and changes
     * nothing.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r18_cancelOfAFinishedTaskThrowsNamingItsStatus() throws Exception {
        TaskService service = newService("alpha", 2, task -> {
            if (text(task.payload()).equals("fail")) {
                throw new IOException("failed");
            }
            return "done";
        });
        service.createQueue("q", QueueConfig.defaults());
        service.createQueue("held", held());
        String completed = service.enqueue("q", bytes("done"));
        String failed = service.enqueue("q", bytes("fail"));
        holdSlot(service, "held");
        String cancelled = service.enqueue("held", bytes("x"));
        service.cancel(cancelled);
        runUntilIdle();

        Map<String, TaskStatus> statuses = Map.of(completed, TaskStatus.COMPLETED, failed, TaskStatus.FAILED,
                cancelled, TaskStatus.CANCELLED);
        statuses.forEach((id, status) -> {
            TaskNotCancellableException refused = assertThrows(TaskNotCancellableException.class,
                    () -> service.cancel(id), status::name);
            assertNamesStatus(refused, status);
            assertEquals(status, service.get(id).status());
        });
    }

    /**
     * R18: cancel of a running task throws, naming the status, and the run ends as usual.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r18_cancelOfARunningTaskThrowsNamingItsStatus() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        List<RuntimeException> refusals = new CopyOnWriteArrayList<>();
        TaskService service = newService("alpha", 1, task -> {
            try {
                self.get().cancel(task.taskId());
            } catch (RuntimeException e) {
                refusals.add(e);
            }
            return "finished";
        });
        self.set(service);
        service.createQueue("q", QueueConfig.defaults());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();

        assertEquals(1, refusals.size(), refusals::toString);
        assertNamesStatus(assertInstanceOf(TaskNotCancellableException.class, refusals.get(0)),
                TaskStatus.RUNNING);
        assertState(service.get(id), TaskStatus.COMPLETED, 1, "finished");
    }

    /**
     * R19: clearQueue cancels every pending task of that queue only and returns how many.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r19_clearQueueCancelsEveryPendingTaskAndCounts() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 2, worker);
        service.createQueue("q", held());
        service.createQueue("other", held());
        holdSlot(service, "q");
        holdSlot(service, "other");
        List<String> pending = List.of(service.enqueue("q", bytes("1")), service.enqueue("q", bytes("2")),
                service.enqueue("q", bytes("3")));
        String other = service.enqueue("other", bytes("other"));

        assertEquals(3, service.clearQueue("q"));
        for (String id : pending) {
            assertEquals(TaskStatus.CANCELLED, service.get(id).status());
        }
        assertEquals(TaskStatus.PENDING, service.get(other).status());
        assertEquals(0, service.clearQueue("q"));

        advance(HOLD);
        assertEquals(List.of("slot", "slot", "other"), worker.payloads());
    }

    /**
     * R19: a task running while its queue is cleared is not cancelled and finishes as usual.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r19_runningTaskIsUnaffectedByClearQueue() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        AtomicLong cleared = new AtomicLong(-1);
        Recorder worker = new Recorder(task -> {
            if (text(task.payload()).equals("clear")) {
                cleared.set(self.get().clearQueue(task.queueName()));
                return "cleared";
            }
            return "done";
        });
        TaskService service = newService("alpha", 1, worker);
        self.set(service);
        service.createQueue("q", QueueConfig.builder().delay(Duration.ofSeconds(10)).build());
        holdSlot(service, "q");
        String clearer = service.enqueue("q", bytes("clear"));
        List<String> others = List.of(service.enqueue("q", bytes("1")), service.enqueue("q", bytes("2")),
                service.enqueue("q", bytes("3")));

        advance(Duration.ofSeconds(10));
        assertEquals(3, cleared.get());
        assertState(service.get(clearer), TaskStatus.COMPLETED, 1, "cleared");
        advance(Duration.ofSeconds(30));
        for (String id : others) {
            assertEquals(TaskStatus.CANCELLED, service.get(id).status());
            assertEquals(List.of(), worker.attempts(id));
        }
    }

    /**
     * R20: get shows status, message, attempt (0 before the first run) and the clock's timestamps.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r20_getShowsTheTaskBeforeAndAfterItsRun() throws Exception {
        TaskService service = newService("alpha", 1, task -> "done");
        service.createQueue("q", held());
        holdSlot(service, "q");
        Instant enqueued = clock().instant();
        String id = service.enqueue("q", bytes("x"));

        TaskInfo before = service.get(id);
        assertEquals(new TaskInfo(id, "q", TaskStatus.PENDING, "", 0, enqueued, enqueued), before);

        advance(HOLD);
        TaskInfo after = service.get(id);
        assertEquals(new TaskInfo(id, "q", TaskStatus.COMPLETED, "done", 1, enqueued, enqueued.plus(HOLD)),
                after);
    }

    /**
     * R21: completed, failed and cancelled tasks are deleted once the retention has passed since
     * they ended; pending ones stay.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r21_finishedTasksAreDeletedOnceRetentionHasPassed() throws Exception {
        TaskService service = newService("alpha", 2, task -> {
            if (text(task.payload()).equals("fail")) {
                throw new IOException("failed");
            }
            return "done";
        });
        Duration retention = Duration.ofMinutes(1);
        service.createQueue("q", QueueConfig.builder().retention(retention).build());
        service.createQueue("held", QueueConfig.builder().retention(retention).delay(HOLD).build());
        List<String> finished = new ArrayList<>(List.of(service.enqueue("q", bytes("done")),
                service.enqueue("q", bytes("fail"))));
        holdSlot(service, "held");
        String cancelled = service.enqueue("held", bytes("x"));
        service.cancel(cancelled);
        finished.add(cancelled);
        String pending = service.enqueue("held", bytes("y"));
        runUntilIdle();

        advance(retention.minusSeconds(1));
        for (String id : finished) {
            assertTrue(service.get(id).status().isTerminal(), "still there before the retention passed");
        }
        advance(Duration.ofSeconds(2));
        for (String id : finished) {
            assertThrows(TaskNotFoundException.class, () -> service.get(id), "deleted once the retention passed");
        }
        assertEquals(TaskStatus.PENDING, service.get(pending).status());
    }

    // Errors

    /**
     * R24: a worker throwing an Error (a real stack overflow, an AssertionError) fails only that
     * attempt; the other tasks still run.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r24_errorInAWorkerFailsOnlyItsAttempt() throws Exception {
        TaskService service = newService("alpha", 1, task -> {
            switch (text(task.payload())) {
                case "overflow":
                    return String.valueOf(recurse(0));
                case "assertion":
                    throw new AssertionError("worker assertion");
                default:
                    return "ok";
            }
        });
        service.createQueue("q", QueueConfig.defaults());
        String overflow = service.enqueue("q", bytes("overflow"));
        String assertion = service.enqueue("q", bytes("assertion"));
        String fine = service.enqueue("q", bytes("fine"));
        runUntilIdle();

        assertState(service.get(overflow), TaskStatus.FAILED, 1, StackOverflowError.class.getName());
        assertState(service.get(assertion), TaskStatus.FAILED, 1, "worker assertion");
        assertState(service.get(fine), TaskStatus.COMPLETED, 1, "ok");
        String later = service.enqueue("q", bytes("later"));
        runUntilIdle();
        assertState(service.get(later), TaskStatus.COMPLETED, 1, "ok");
    }

    /**
     * R24: an attempt failed by an Error is retried like any failed attempt (R14).
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r24_attemptFailedByAnErrorIsRetried() throws Exception {
        TaskService service = newService("alpha", 1, task -> {
            if (task.attempt() == 1) {
                throw new LinkageError("class went missing");
            }
            return "recovered";
        });
        service.createQueue("q", QueueConfig.builder().maxRetries(1).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        assertState(service.get(id), TaskStatus.PENDING, 1, "class went missing");
        advance(QueueConfig.DEFAULT_BACKOFF);
        assertState(service.get(id), TaskStatus.COMPLETED, 2, "recovered");
    }

    /** API: null arguments throw NullPointerException naming the argument. */
    @Test
    public void api_nullArgumentsThrowNullPointerExceptionNamingThem() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.defaults());
        record NullCall(String argument, Executable call) {
        }
        List<NullCall> calls = List.of(
                new NullCall("name", () -> service.createQueue(null, QueueConfig.defaults())),
                new NullCall("config", () -> service.createQueue("other", null)),
                new NullCall("queueName", () -> service.enqueue(null, bytes("x"))),
                new NullCall("payload", () -> service.enqueue("q", null)),
                new NullCall("taskId", () -> service.get(null)),
                new NullCall("taskId", () -> service.cancel(null)),
                new NullCall("queueName", () -> service.clearQueue(null)));
        for (NullCall nullCall : calls) {
            NullPointerException refused = assertThrows(NullPointerException.class, nullCall.call(),
                    nullCall.argument());
            String message = String.valueOf(refused.getMessage()).toLowerCase(Locale.ROOT);
            assertTrue(message.contains(nullCall.argument().toLowerCase(Locale.ROOT)),
                    () -> "'" + refused.getMessage() + "' names " + nullCall.argument());
        }
    }

    // Helpers

    /**
     * A queue whose delay keeps tasks pending for {@link #HOLD} once its slot is taken, and which
     * keeps finished tasks for a day, so that they can be checked after the hold.
     */
    private static QueueConfig held() {
        return QueueConfig.builder().delay(HOLD).retention(Duration.ofDays(1)).build();
    }

    /** Takes the queue's delay slot, so that tasks enqueued next stay pending until {@link #HOLD} passes. */
    private void holdSlot(TaskService service, String queueName) throws InterruptedException {
        service.enqueue(queueName, bytes("slot"));
        runUntilIdle();
    }

    private static void assertState(TaskInfo info, TaskStatus status, int attempt, String message) {
        assertEquals(status, info.status(), info::toString);
        assertEquals(attempt, info.attempt(), info::toString);
        assertEquals(message, info.message(), info::toString);
    }

    private static void assertNamesStatus(TaskNotCancellableException refused, TaskStatus status) {
        assertTrue(refused.getMessage().toLowerCase(Locale.ROOT).contains(status.name().toLowerCase(Locale.ROOT)),
                () -> "'" + refused.getMessage() + "' names " + status);
    }

    private static String sleepUntilInterrupted(CountDownLatch interrupted) throws InterruptedException {
        try {
            Thread.sleep(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        }
        return "slept a full minute: never interrupted";
    }

    /** Recurses until the stack overflows. */
    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }

    /** A worker that records every attempt (with a copy of its payload as handed over) and then acts. */
    private static final class Recorder implements TaskWorker {
        private final List<Task> calls = new CopyOnWriteArrayList<>();
        private final TaskWorker behaviour;

        Recorder(TaskWorker behaviour) {
            this.behaviour = behaviour;
        }

        static String done(Task task) {
            return "done";
        }

        static String fail(Task task) throws IOException {
            throw new IOException("attempt " + task.attempt() + " failed");
        }

        @Override
        public String execute(Task task) throws Exception {
            calls.add(new Task(task.queueName(), task.taskId(), task.payload().clone(), task.attempt()));
            return behaviour.execute(task);
        }

        List<Task> calls() {
            return List.copyOf(calls);
        }

        List<String> payloads() {
            return calls.stream().map(call -> text(call.payload())).toList();
        }

        List<Integer> attempts(String taskId) {
            return calls.stream().filter(call -> call.taskId().equals(taskId)).map(Task::attempt).toList();
        }

        Task call(String taskId, int attempt) {
            return calls.stream().filter(call -> call.taskId().equals(taskId) && call.attempt() == attempt)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("task " + taskId + " had no attempt " + attempt));
        }
    }

    /** A worker that takes a little while and tracks how many tasks of each queue run at once. */
    private static final class InFlight implements TaskWorker {
        private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
        private final AtomicInteger ran = new AtomicInteger();

        @Override
        public String execute(Task task) throws InterruptedException {
            AtomicInteger inQueue = running.computeIfAbsent(task.queueName(), queue -> new AtomicInteger());
            int now = inQueue.incrementAndGet();
            most.computeIfAbsent(task.queueName(), queue -> new AtomicInteger()).accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(20); // long enough for a pool to overlap runs, if it ever would
                return "done";
            } finally {
                inQueue.decrementAndGet();
                ran.incrementAndGet();
            }
        }

        int most(String queueName) {
            AtomicInteger seen = most.get(queueName);
            return seen == null ? 0 : seen.get();
        }

        int ran() {
            return ran.get();
        }
    }
}
