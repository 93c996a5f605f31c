package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The task service contract for SPEC's section "Cancel, clear, get" (R18 to R21): what every
 * {@link dev.taskhost.api.TaskService} must do there. Every implementation runs it as a nested class
 * of {@link TaskServiceContract}; see there how the tests are written.
 */
public abstract class CancelClearGetContract extends ContractSection {

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected CancelClearGetContract(TaskServiceContract contract) {
        super(contract);
    }

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
}
