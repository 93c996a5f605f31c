package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The task service contract for SPEC's section "Enqueue options and queue control", its enqueue
 * options (R41 to R43): what every {@link dev.taskhost.api.TaskService} must do there. Every
 * implementation runs it as a nested class of {@link TaskServiceContract}; see there how the tests
 * are written.
 */
public abstract class EnqueueOptionsContract extends ContractSection {

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected EnqueueOptionsContract(TaskServiceContract contract) {
        super(contract);
    }

    // R41 Scheduled tasks

    /**
     * R41: a task enqueued with runAt stays pending, showing its ready time, until the clock
     * reaches it, and then runs.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r41_runAtTaskIsPendingUntilItsTime() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        Instant at = clock().instant().plusSeconds(10);
        String id = service.enqueue("q", bytes("later"), EnqueueOptions.builder().runAt(at).build());
        runUntilIdle();
        TaskInfo waiting = service.get(id);
        assertState(waiting, TaskStatus.PENDING, 0, "");
        assertEquals(Optional.of(at), waiting.readyAt());

        advance(Duration.ofSeconds(9));
        assertEquals(TaskStatus.PENDING, service.get(id).status());
        assertEquals(List.of(), worker.payloads());
        advance(Duration.ofSeconds(1));
        assertState(service.get(id), TaskStatus.COMPLETED, 1, "done");
        assertEquals(Optional.empty(), service.get(id).readyAt());
    }

    /**
     * R41: runAfter counts from the enqueue.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r41_runAfterCountsFromTheEnqueue() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.defaults());
        Instant enqueued = clock().instant();
        String id = service.enqueue("q", bytes("x"), EnqueueOptions.builder().runAfter(Duration.ofMinutes(5)).build());
        runUntilIdle();
        assertEquals(Optional.of(enqueued.plus(Duration.ofMinutes(5))), service.get(id).readyAt());
        advance(Duration.ofMinutes(5).minusMillis(1));
        assertEquals(TaskStatus.PENDING, service.get(id).status());
        advance(Duration.ofMillis(1));
        assertEquals(TaskStatus.COMPLETED, service.get(id).status());
    }

    /**
     * R41: a run-at time in the past, however far, means now; a zero runAfter too.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r41_aTimeInThePastMeansNow() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.builder().retention(Duration.ofDays(1)).build());
        Instant now = clock().instant();
        List<String> ids = List.of(
                service.enqueue("q", bytes("1"), EnqueueOptions.builder().runAt(now.minusSeconds(3600)).build()),
                service.enqueue("q", bytes("2"), EnqueueOptions.builder().runAt(Instant.MIN).build()),
                service.enqueue("q", bytes("3"), EnqueueOptions.builder().runAfter(Duration.ZERO).build()));
        runUntilIdle();
        for (String id : ids) {
            assertState(service.get(id), TaskStatus.COMPLETED, 1, "done");
        }
    }

    /**
     * R41: the latest ready time there is, or a runAfter reaching past it, stores a task that
     * waits without overflowing anything.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r41_theLatestReadyTimeWaits() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.defaults());
        String latest = service.enqueue("q", bytes("x"),
                EnqueueOptions.builder().runAt(TaskLimits.LATEST_READY_AT).build());
        String far = service.enqueue("q", bytes("y"),
                EnqueueOptions.builder().runAfter(Duration.ofSeconds(Long.MAX_VALUE)).build());
        advance(Duration.ofDays(365_000));
        for (String id : List.of(latest, far)) {
            TaskInfo info = service.get(id);
            assertEquals(TaskStatus.PENDING, info.status());
            assertEquals(Optional.of(TaskLimits.LATEST_READY_AT), info.readyAt());
        }
    }

    /**
     * R41, R11: scheduled tasks start in the order of their ready times, not of their enqueues.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r41_scheduledTasksStartInReadyTimeOrder() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        service.enqueue("q", bytes("third"), EnqueueOptions.builder().runAfter(Duration.ofSeconds(3)).build());
        service.enqueue("q", bytes("first"), EnqueueOptions.builder().runAfter(Duration.ofSeconds(1)).build());
        service.enqueue("q", bytes("second"), EnqueueOptions.builder().runAfter(Duration.ofSeconds(2)).build());
        runUntilIdle();
        advance(Duration.ofSeconds(5));
        assertEquals(List.of("first", "second", "third"), worker.payloads());
    }

    // R42 Priority

    /**
     * R42: among ready tasks a higher priority starts first, at the edges of int too; equal
     * priorities keep enqueue order (R11); the default is 0.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r42_higherPriorityStartsFirst() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", held());
        holdSlot(service, "q");
        service.enqueue("q", bytes("zero"));
        service.enqueue("q", bytes("min"), priority(Integer.MIN_VALUE));
        service.enqueue("q", bytes("five-a"), priority(5));
        service.enqueue("q", bytes("max"), priority(Integer.MAX_VALUE));
        service.enqueue("q", bytes("five-b"), priority(5));
        String minusOne = service.enqueue("q", bytes("minus-one"), priority(-1));
        assertEquals(-1, service.get(minusOne).priority());
        for (int i = 0; i < 6; i++) {
            advance(HOLD);
        }
        assertEquals(List.of("slot", "max", "five-a", "five-b", "zero", "minus-one", "min"), worker.payloads());
    }

    /**
     * R42: a higher priority does not make a task ready: a ready task of lower priority starts
     * before one that is not ready yet.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r42_priorityOrdersOnlyReadyTasks() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        service.enqueue("q", bytes("urgent-later"),
                EnqueueOptions.builder().priority(100).runAfter(Duration.ofMinutes(1)).build());
        service.enqueue("q", bytes("plain-now"));
        runUntilIdle();
        assertEquals(List.of("plain-now"), worker.payloads());
        advance(Duration.ofMinutes(1));
        assertEquals(List.of("plain-now", "urgent-later"), worker.payloads());
    }

    // R43 Keys

    /**
     * R43: while a task holding a key is pending, an enqueue with that key stores nothing and
     * returns its id; get shows the key.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r43_aHeldKeyReturnsTheHoldersIdAndStoresNothing() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", held());
        holdSlot(service, "q");
        String first = service.enqueue("q", bytes("first"), key("report:2030-01"));
        String second = service.enqueue("q", bytes("second"), EnqueueOptions.builder().key("report:2030-01")
                .priority(9).runAfter(Duration.ofDays(1)).build());

        assertEquals(first, second);
        assertEquals(Optional.of("report:2030-01"), service.get(first).key());
        assertEquals(0, service.get(first).priority(), "the second enqueue changed nothing");
        assertEquals(2, service.listTasks("q", Optional.empty(), Optional.empty(), 10).tasks().size());
        advance(HOLD);
        assertEquals(List.of("slot", "first"), worker.payloads());
    }

    /**
     * R43: the key is held while its task runs; once it has completed, or was cancelled, the key
     * is free again and an enqueue with it stores a new task.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r43_theKeyIsHeldWhileRunningAndFreeOnceFinished() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        List<String> seenWhileRunning = new CopyOnWriteArrayList<>();
        Recorder worker = new Recorder(task -> {
            if (text(task.payload()).equals("self")) {
                seenWhileRunning.add(self.get().enqueue(task.queueName(), bytes("again"), key("k")));
            }
            return "done";
        });
        TaskService service = newService("alpha", 2, worker);
        self.set(service);
        service.createQueue("q", QueueConfig.builder().retention(Duration.ofDays(1)).build());
        String running = service.enqueue("q", bytes("self"), key("k"));
        runUntilIdle();
        assertEquals(List.of(running), seenWhileRunning);
        assertEquals(TaskStatus.COMPLETED, service.get(running).status());

        String afterCompleted = service.enqueue("q", bytes("plain"), key("k"));
        assertNotEquals(running, afterCompleted);
        runUntilIdle();

        service.createQueue("held", held());
        holdSlot(service, "held");
        String cancelled = service.enqueue("held", bytes("x"), key("k"));
        service.cancel(cancelled);
        String afterCancelled = service.enqueue("held", bytes("y"), key("k"));
        assertNotEquals(cancelled, afterCancelled);
        assertEquals(TaskStatus.PENDING, service.get(afterCancelled).status());
        assertEquals(Optional.of("k"), service.get(cancelled).key());
    }

    /**
     * R43: a key is scoped to its queue and its owner.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r43_keysAreScopedToTheQueueAndTheOwner() throws Exception {
        TaskService alpha = newService("alpha", 2, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        alpha.createQueue("a", held());
        alpha.createQueue("b", held());
        beta.createQueue("a", held());
        // Every keyed task below stays pending behind its queue's delay, so it holds its key.
        holdSlot(alpha, "a");
        holdSlot(alpha, "b");
        holdSlot(beta, "a");
        Set<String> ids = new HashSet<>(List.of(alpha.enqueue("a", bytes("1"), key("k")),
                alpha.enqueue("b", bytes("2"), key("k")), beta.enqueue("a", bytes("3"), key("k"))));
        assertEquals(3, ids.size());
        assertEquals(alpha.enqueue("a", bytes("4"), key("k")), alpha.enqueue("a", bytes("5"), key("k")));
    }

    /**
     * R43: concurrent enqueues with one key, from many threads at once, store exactly one task and
     * all get its id.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r43_concurrentEnqueuesWithOneKeyStoreOneTask() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", held());
        holdSlot(service, "q");
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<String> ids = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            byte[] payload = bytes("racer " + i);
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    ids.add(service.enqueue("q", payload, key("once")));
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertEquals(List.of(), failures);
        assertEquals(threads, ids.size());
        assertEquals(1, new HashSet<>(ids).size(), ids::toString);
        assertEquals(1, service.listTasks("q", Optional.of(TaskStatus.PENDING), Optional.empty(), 100).tasks().size());
    }

    private static EnqueueOptions priority(int priority) {
        return EnqueueOptions.builder().priority(priority).build();
    }

    private static EnqueueOptions key(String key) {
        return EnqueueOptions.builder().key(key).build();
    }
}
