package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The task service contract for SPEC's section "Shutdown and errors" (R24, null arguments): what every
 * {@link dev.taskhost.api.TaskService} must do there. Every implementation runs it as a nested class
 * of {@link TaskServiceContract}; see there how the tests are written.
 */
public abstract class ErrorsContract extends ContractSection {

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected ErrorsContract(TaskServiceContract contract) {
        super(contract);
    }

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
}
