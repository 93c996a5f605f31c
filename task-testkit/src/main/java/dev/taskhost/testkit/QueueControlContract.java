package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskNotRetryableException;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The task service contract for SPEC's section "Enqueue options and queue control", its queue
 * control (R44 to R49): pause, retry, no-retry failures, cancel of running tasks, progress and
 * listing, as every {@link dev.taskhost.api.TaskService} must do them. Every implementation runs
 * it as a nested class of {@link TaskServiceContract}; see there how the tests are written.
 */
public abstract class QueueControlContract extends ContractSection {

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected QueueControlContract(TaskServiceContract contract) {
        super(contract);
    }

    // R44 Pause

    /**
     * R44: a paused queue starts nothing, whatever the clock does, while enqueue and get work;
     * resume starts its ready tasks.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r44_pausedQueueStartsNothingUntilResumed() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        service.pauseQueue("q");
        String first = service.enqueue("q", bytes("1"));
        String second = service.enqueue("q", bytes("2"));
        runUntilIdle();
        advance(Duration.ofHours(2));
        assertEquals(List.of(), worker.payloads());
        assertState(service.get(first), TaskStatus.PENDING, 0, "");

        service.resumeQueue("q");
        runUntilIdle();
        assertEquals(List.of("1", "2"), worker.payloads());
        assertEquals(TaskStatus.COMPLETED, service.get(second).status());
    }

    /**
     * R44: a task running when its queue is paused finishes as usual; the next waits for the resume.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r44_pauseLetsTheRunningTaskFinish() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        Recorder worker = new Recorder(task -> {
            if (text(task.payload()).equals("pauser")) {
                self.get().pauseQueue(task.queueName());
            }
            return "done";
        });
        TaskService service = newService("alpha", 1, worker);
        self.set(service);
        service.createQueue("q", QueueConfig.defaults());
        service.pauseQueue("q");
        String pauser = service.enqueue("q", bytes("pauser"));
        String next = service.enqueue("q", bytes("next"));
        service.resumeQueue("q");
        runUntilIdle();
        assertState(service.get(pauser), TaskStatus.COMPLETED, 1, "done");
        assertState(service.get(next), TaskStatus.PENDING, 0, "");
        service.resumeQueue("q");
        runUntilIdle();
        assertEquals(TaskStatus.COMPLETED, service.get(next).status());
    }

    /**
     * R44: cancel and clearQueue work on a paused queue; pause and resume are idempotent, apply
     * to their queue alone, and need a queue created in this lifetime.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r44_pausedQueueStillCancelsAndClearsAndPauseIsIdempotent() throws Exception {
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", 2, worker);
        service.createQueue("q", QueueConfig.defaults());
        service.createQueue("other", QueueConfig.defaults());
        service.pauseQueue("q");
        service.pauseQueue("q");
        String cancelled = service.enqueue("q", bytes("1"));
        service.enqueue("q", bytes("2"));
        service.enqueue("other", bytes("other"));
        service.cancel(cancelled);
        assertEquals(1, service.clearQueue("q"));
        runUntilIdle();
        assertEquals(List.of("other"), worker.payloads());
        service.resumeQueue("q");
        service.resumeQueue("q");
        service.enqueue("q", bytes("3"));
        runUntilIdle();
        assertEquals(List.of("other", "3"), worker.payloads());

        for (Executable call : List.<Executable>of(() -> service.pauseQueue("never"),
                () -> service.resumeQueue("never"))) {
            assertTrue(assertThrows(QueueNotFoundException.class, call).getMessage().contains("'never'"));
        }
    }

    // R45 Retry

    /**
     * R45: a failed task retried is pending, ready now, at attempt 0 with its message kept, and
     * gets every attempt of its queue afresh.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r45_retryOfAFailedTaskGivesFreshAttempts() throws Exception {
        Recorder worker = new Recorder(Recorder::fail);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(1).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(QueueConfig.DEFAULT_BACKOFF);
        assertState(service.get(id), TaskStatus.FAILED, 2, "attempt 2 failed");

        service.pauseQueue("q");
        service.retry(id);
        TaskInfo retried = service.get(id);
        assertState(retried, TaskStatus.PENDING, 0, "attempt 2 failed");
        assertEquals(Optional.of(clock().instant()), retried.readyAt());
        service.resumeQueue("q");
        runUntilIdle();
        assertState(service.get(id), TaskStatus.PENDING, 1, "attempt 1 failed");
        advance(QueueConfig.DEFAULT_BACKOFF);
        assertState(service.get(id), TaskStatus.FAILED, 2, "attempt 2 failed");
        assertEquals(List.of(1, 2, 1, 2), worker.attempts(id));
    }

    /**
     * R45: a cancelled task retried runs.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r45_retryOfACancelledTaskRunsIt() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.defaults());
        service.pauseQueue("q");
        String id = service.enqueue("q", bytes("x"));
        service.cancel(id);
        service.resumeQueue("q");
        runUntilIdle();
        assertEquals(TaskStatus.CANCELLED, service.get(id).status());
        service.retry(id);
        runUntilIdle();
        assertState(service.get(id), TaskStatus.COMPLETED, 1, "done");
    }

    /**
     * R45: retry of a pending, running or completed task throws, naming the status; of an unknown
     * or another owner's id, as for an unknown id (R2).
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r45_retryOfAnUnfinishedOrCompletedTaskThrowsNamingItsStatus() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        List<RuntimeException> whileRunning = new CopyOnWriteArrayList<>();
        TaskService service = newService("alpha", 1, task -> {
            try {
                self.get().retry(task.taskId());
            } catch (RuntimeException e) {
                whileRunning.add(e);
            }
            return "done";
        });
        self.set(service);
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.defaults());
        String completed = service.enqueue("q", bytes("x"));
        runUntilIdle();
        service.pauseQueue("q");
        String pending = service.enqueue("q", bytes("y"));

        assertEquals(1, whileRunning.size(), whileRunning::toString);
        assertNamesStatus(assertInstanceOf(TaskNotRetryableException.class, whileRunning.get(0)), TaskStatus.RUNNING);
        assertNamesStatus(assertThrows(TaskNotRetryableException.class, () -> service.retry(pending)),
                TaskStatus.PENDING);
        assertNamesStatus(assertThrows(TaskNotRetryableException.class, () -> service.retry(completed)),
                TaskStatus.COMPLETED);
        String unknown = "AAAAAAAAAAAAAAAAAAAAAA";
        String forUnknown = assertThrows(TaskNotFoundException.class, () -> beta.retry(unknown)).getMessage();
        String forOthers = assertThrows(TaskNotFoundException.class, () -> beta.retry(completed)).getMessage();
        assertEquals(forUnknown.replace(unknown, "<id>"), forOthers.replace(completed, "<id>"));
        assertState(service.get(completed), TaskStatus.COMPLETED, 1, "done");
    }

    /**
     * R45, R43: a retried task keeps its key, unless another unfinished task took the key
     * meanwhile: that one keeps it, and the retried task goes on without one.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r45_aRetriedTaskKeepsItsKeyUnlessAnotherTaskTookIt() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.defaults());
        service.pauseQueue("q");
        EnqueueOptions keyed = EnqueueOptions.builder().key("k").build();
        String first = service.enqueue("q", bytes("1"), keyed);
        service.cancel(first);
        service.retry(first);
        assertEquals(Optional.of("k"), service.get(first).key());
        assertEquals(first, service.enqueue("q", bytes("again"), keyed));

        service.cancel(first);
        String second = service.enqueue("q", bytes("2"), keyed);
        service.retry(first);
        assertEquals(Optional.empty(), service.get(first).key());
        assertEquals(second, service.enqueue("q", bytes("again"), keyed));
        assertEquals(TaskStatus.PENDING, service.get(first).status());
    }

    // R46 No retry

    /**
     * R46: a worker throwing NonRetryableException fails the task at once, whatever retries are
     * left, with the exception's message (R16).
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r46_nonRetryableExceptionFailsAtOnce() throws Exception {
        Recorder worker = new Recorder(task -> {
            throw new NonRetryableException("malformed payload");
        });
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(5).retention(Duration.ofDays(1)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(Duration.ofHours(2));
        assertState(service.get(id), TaskStatus.FAILED, 1, "malformed payload");
        assertEquals(List.of(1), worker.attempts(id));
    }

    // R47 Cancel a running task

    /**
     * R47: cancel(id, true) on a running task interrupts its worker, and the task ends cancelled
     * whatever the worker then throws; it is never retried.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r47_cancelOfARunningTaskInterruptsItAndEndsCancelled() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        CountDownLatch interrupted = new CountDownLatch(1);
        Recorder worker = new Recorder(task -> {
            self.get().cancel(task.taskId(), true);
            return sleepUntilInterrupted(interrupted);
        });
        TaskService service = newService("alpha", 1, worker);
        self.set(service);
        service.createQueue("q", QueueConfig.builder().maxRetries(3).retention(Duration.ofDays(1)).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        assertEquals(0, interrupted.getCount(), "the worker was interrupted");
        advance(Duration.ofHours(2));
        assertEquals(TaskStatus.CANCELLED, service.get(id).status());
        assertEquals(1, service.get(id).attempt());
        assertEquals(List.of(1), worker.attempts(id));
    }

    /**
     * R47: a worker that ignores the interrupt and returns, or throws, leaves the task cancelled,
     * its message as before; the queue's next task runs.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r47_whatTheWorkerDoesAfterTheCancelIsNeverRecorded() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        Recorder worker = new Recorder(task -> {
            String what = text(task.payload());
            if (what.equals("next")) {
                return "next ran";
            }
            self.get().cancel(task.taskId(), true);
            Thread.interrupted();
            if (what.equals("throws")) {
                throw new IOException("failed after the cancel");
            }
            return "returned after the cancel";
        });
        TaskService service = newService("alpha", 1, worker);
        self.set(service);
        service.createQueue("q", QueueConfig.builder().maxRetries(2).retention(Duration.ofDays(1)).build());
        String returns = service.enqueue("q", bytes("returns"));
        String throwing = service.enqueue("q", bytes("throws"));
        String next = service.enqueue("q", bytes("next"));
        runUntilIdle();
        advance(Duration.ofHours(2));
        assertState(service.get(returns), TaskStatus.CANCELLED, 1, "");
        assertState(service.get(throwing), TaskStatus.CANCELLED, 1, "");
        assertState(service.get(next), TaskStatus.COMPLETED, 1, "next ran");
        assertEquals(List.of(1), worker.attempts(throwing));
    }

    /**
     * R47: cancel(id, true) on a pending task acts as cancel(id); cancel(id, false) on a running
     * one is cancel(id) and throws (R18); on a finished task either throws naming its status. A
     * task cancelled while running can be retried (R45).
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r47_cancelTrueOnPendingAndFinishedTasks() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        List<RuntimeException> refusals = new CopyOnWriteArrayList<>();
        Recorder worker = new Recorder(task -> {
            if (text(task.payload()).equals("running")) {
                try {
                    self.get().cancel(task.taskId(), false);
                } catch (RuntimeException e) {
                    refusals.add(e);
                }
            }
            return "done";
        });
        TaskService service = newService("alpha", 1, worker);
        self.set(service);
        service.createQueue("q", QueueConfig.defaults());
        String running = service.enqueue("q", bytes("running"));
        runUntilIdle();
        assertEquals(1, refusals.size(), refusals::toString);
        assertNamesStatus(assertInstanceOf(TaskNotCancellableException.class, refusals.get(0)), TaskStatus.RUNNING);
        assertNamesStatus(assertThrows(TaskNotCancellableException.class, () -> service.cancel(running, true)),
                TaskStatus.COMPLETED);

        service.pauseQueue("q");
        String pending = service.enqueue("q", bytes("pending"));
        service.cancel(pending, true);
        assertEquals(TaskStatus.CANCELLED, service.get(pending).status());
        assertNamesStatus(assertThrows(TaskNotCancellableException.class, () -> service.cancel(pending, true)),
                TaskStatus.CANCELLED);
        assertThrows(TaskNotFoundException.class, () -> service.cancel("AAAAAAAAAAAAAAAAAAAAAA", true));
        service.retry(pending);
        service.resumeQueue("q");
        runUntilIdle();
        assertState(service.get(pending), TaskStatus.COMPLETED, 1, "done");
    }

    /**
     * R47, R45: a task cancelled while running and then retried runs again from attempt 1.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r47_aTaskCancelledWhileRunningCanBeRetried() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        AtomicInteger runs = new AtomicInteger();
        Recorder worker = new Recorder(task -> {
            if (runs.incrementAndGet() == 1) {
                self.get().cancel(task.taskId(), true);
                Thread.interrupted();
                return "never recorded";
            }
            return "second run";
        });
        TaskService service = newService("alpha", 1, worker);
        self.set(service);
        service.createQueue("q", QueueConfig.defaults());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        assertState(service.get(id), TaskStatus.CANCELLED, 1, "");
        service.pauseQueue("q");
        service.retry(id);
        assertState(service.get(id), TaskStatus.PENDING, 0, "");
        service.resumeQueue("q");
        runUntilIdle();
        assertEquals(TaskStatus.COMPLETED, service.get(id).status());
    }

    // R48 Progress

    /**
     * R48: get shows the last progress a running task reported while it runs and after it ends,
     * stamped with the clock's time.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r48_getShowsTheLastProgressWhileRunningAndAfter() throws Exception {
        AtomicReference<TaskService> self = new AtomicReference<>();
        List<Optional<TaskProgress>> seen = new CopyOnWriteArrayList<>();
        TaskService service = newService("alpha", 1, task -> {
            seen.add(self.get().get(task.taskId()).progress());
            task.progress(10, "starting");
            seen.add(self.get().get(task.taskId()).progress());
            for (int percent = 11; percent <= 100; percent++) {
                task.progress(percent, "step " + percent);
            }
            task.progress(100, "all done");
            return "done";
        });
        self.set(service);
        service.createQueue("q", QueueConfig.defaults());
        // Paused, so that the task cannot start (and report) before the first get.
        service.pauseQueue("q");
        String id = service.enqueue("q", bytes("x"));
        assertEquals(Optional.empty(), service.get(id).progress());
        service.resumeQueue("q");
        runUntilIdle();

        assertEquals(List.of(Optional.empty(), Optional.of(new TaskProgress(10, "starting", clock().instant()))), seen);
        assertEquals(Optional.of(new TaskProgress(100, "all done", clock().instant())), service.get(id).progress());
    }

    /**
     * R48: reports made after the attempt ended are ignored; out-of-range percentages and long
     * notes are refused with an IllegalArgumentException naming the rule, and change nothing.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r48_lateAndBadReportsChangeNothing() throws Exception {
        AtomicReference<Task> kept = new AtomicReference<>();
        List<String> refusals = new CopyOnWriteArrayList<>();
        TaskService service = newService("alpha", 1, task -> {
            kept.set(task);
            task.progress(40, "kept");
            for (Executable bad : List.<Executable>of(() -> task.progress(101, ""), () -> task.progress(-1, ""),
                    () -> task.progress(50, "n".repeat(TaskLimits.MAX_PROGRESS_NOTE_BYTES + 1)))) {
                refusals.add(assertThrows(IllegalArgumentException.class, bad).getMessage());
            }
            return "done";
        });
        service.createQueue("q", QueueConfig.defaults());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        kept.get().progress(90, "too late");
        runUntilIdle();

        assertEquals(List.of("progress percent must be 0 to 100 (R48), was 101",
                "progress percent must be 0 to 100 (R48), was -1",
                "progress note is 1025 bytes of UTF-8, over the limit of 1024 (R48)"), refusals);
        assertEquals(Optional.of(new TaskProgress(40, "kept", clock().instant())), service.get(id).progress());
    }

    // R49 Listing

    /**
     * R49: an owner lists its queues, sorted by name, with their config (as granted, R4), whether
     * they are paused, and their counts by status; never another owner's.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r49_listQueuesShowsConfigPausedAndCounts() throws Exception {
        TaskService alpha = newService("alpha", 2, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        QueueConfig bConfig = QueueConfig.builder().concurrency(5).maxRetries(2).retention(Duration.ofDays(1)).build();
        alpha.createQueue("a", held());
        alpha.createQueue("b", bConfig);
        beta.createQueue("secret", QueueConfig.defaults());
        beta.enqueue("secret", bytes("theirs"));
        holdSlot(alpha, "a");
        String cancelled = alpha.enqueue("a", bytes("c"));
        alpha.cancel(cancelled);
        alpha.enqueue("a", bytes("p1"));
        alpha.enqueue("a", bytes("p2"));
        alpha.pauseQueue("b");
        alpha.enqueue("b", bytes("b1"));
        runUntilIdle();

        List<QueueSummary> queues = alpha.listQueues();
        assertEquals(List.of("a", "b"), queues.stream().map(QueueSummary::name).toList());
        QueueSummary a = queues.get(0);
        QueueSummary b = queues.get(1);
        assertEquals(held(), a.config());
        assertFalse(a.paused());
        assertEquals(Map.of(TaskStatus.PENDING, 2L, TaskStatus.RUNNING, 0L, TaskStatus.COMPLETED, 1L,
                TaskStatus.FAILED, 0L, TaskStatus.CANCELLED, 1L), a.counts());
        assertEquals(new QueueConfig(1, 2, bConfig.backoff(), bConfig.delay(), bConfig.retention(), bConfig.timeout()),
                b.config(), "the concurrency granted from the budget of 2 (R4)");
        assertTrue(b.paused());
        assertEquals(1, b.count(TaskStatus.PENDING));
        assertEquals(List.of("secret"), beta.listQueues().stream().map(QueueSummary::name).toList());
    }

    /**
     * R49: a queue's tasks are listed oldest first, by status or all, in pages whose cursor leads
     * to the next; the listing shows what get shows.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r49_listTasksPagesOldestFirstByStatus() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", held());
        holdSlot(service, "q");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            ids.add(service.enqueue("q", bytes("t" + i), EnqueueOptions.builder().priority(i).key("k" + i).build()));
        }
        service.cancel(ids.get(1));
        service.cancel(ids.get(4));

        List<String> pending = listAll(service, "q", Optional.of(TaskStatus.PENDING), 2);
        assertEquals(List.of(ids.get(0), ids.get(2), ids.get(3), ids.get(5), ids.get(6)), pending);
        assertEquals(List.of(ids.get(1), ids.get(4)), listAll(service, "q", Optional.of(TaskStatus.CANCELLED), 1));
        List<String> all = listAll(service, "q", Optional.empty(), 3);
        assertEquals(8, all.size());
        assertEquals(ids, all.subList(1, 8));
        TaskPage first = service.listTasks("q", Optional.of(TaskStatus.PENDING), Optional.empty(), 1);
        assertEquals(List.of(service.get(ids.get(0))), first.tasks());
        assertTrue(first.nextCursor().isPresent());
        assertEquals(Optional.empty(),
                service.listTasks("q", Optional.of(TaskStatus.FAILED), Optional.empty(), 10).nextCursor());
    }

    /**
     * R49: a cursor stays valid while tasks come and go: tasks enqueued since show on later
     * pages, one cancelled or finished since leaves the listing of its old status, and no task is
     * listed twice.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r49_aCursorStaysValidWhileTasksComeAndGo() throws Exception {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", held());
        holdSlot(service, "q");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(service.enqueue("q", bytes("t" + i)));
        }
        TaskPage first = service.listTasks("q", Optional.of(TaskStatus.PENDING), Optional.empty(), 2);
        assertEquals(ids.subList(0, 2), idsOf(first));

        service.cancel(ids.get(0));
        service.cancel(ids.get(2));
        String later = service.enqueue("q", bytes("later"));
        TaskPage second = service.listTasks("q", Optional.of(TaskStatus.PENDING), first.nextCursor(), 2);
        assertEquals(List.of(ids.get(3), later), idsOf(second));
    }

    /**
     * R49: a page size out of range and a cursor no listing made are refused naming the rule; a
     * queue the owner does not have, another owner's included, is not found.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r49_badPageSizesCursorsAndQueuesAreRefused() throws Exception {
        TaskService alpha = newService("alpha", 1, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        alpha.createQueue("q", QueueConfig.defaults());
        beta.createQueue("theirs", QueueConfig.defaults());
        for (int size : new int[] {0, -1, TaskLimits.MAX_PAGE_SIZE + 1, Integer.MIN_VALUE}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> alpha.listTasks("q", Optional.empty(), Optional.empty(), size));
            assertEquals("pageSize must be 1 to 1000 (R49), was " + size, refused.getMessage());
        }
        assertEquals(0, alpha.listTasks("q", Optional.empty(), Optional.empty(), TaskLimits.MAX_PAGE_SIZE)
                .tasks().size());
        for (String cursor : List.of("", "not a cursor", "\u0000", "-1")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> alpha.listTasks("q", Optional.empty(), Optional.of(cursor), 10));
            assertEquals(TaskLimits.badCursor("q", cursor).getMessage(), refused.getMessage());
        }
        for (String queue : List.of("theirs", "never")) {
            QueueNotFoundException missing = assertThrows(QueueNotFoundException.class,
                    () -> alpha.listTasks(queue, Optional.empty(), Optional.empty(), 10));
            assertEquals("owner 'alpha' has no queue '" + queue + "' (R49)", missing.getMessage());
        }
    }

    /**
     * API: the new operations refuse null arguments with a NullPointerException naming them.
     */
    @Test
    public void api_newOperationsRefuseNullArguments() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.defaults());
        Map<String, Executable> calls = Map.of(
                "options", () -> service.enqueue("q", bytes("x"), null),
                "taskId", () -> service.retry(null),
                "queueName", () -> service.pauseQueue(null),
                "status", () -> service.listTasks("q", null, Optional.empty(), 1),
                "cursor", () -> service.listTasks("q", Optional.empty(), null, 1));
        calls.forEach((argument, call) -> {
            NullPointerException refused = assertThrows(NullPointerException.class, call, argument);
            assertTrue(String.valueOf(refused.getMessage()).toLowerCase(Locale.ROOT).contains(argument.toLowerCase(Locale.ROOT)),
                    () -> "'" + refused.getMessage() + "' names " + argument);
        });
        assertThrows(NullPointerException.class, () -> service.resumeQueue(null));
        assertThrows(NullPointerException.class, () -> service.cancel(null, true));
    }

    private static List<String> listAll(TaskService service, String queue, Optional<TaskStatus> status, int pageSize) {
        List<String> ids = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            TaskPage page = service.listTasks(queue, status, cursor, pageSize);
            assertTrue(page.tasks().size() <= pageSize);
            ids.addAll(idsOf(page));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return ids;
    }

    private static List<String> idsOf(TaskPage page) {
        return page.tasks().stream().map(TaskInfo::id).toList();
    }
}
