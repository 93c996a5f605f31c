package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The task service contract for SPEC's section "Tasks" (R9 to R16): what every
 * {@link dev.taskhost.api.TaskService} must do there. Every implementation runs it as a nested class
 * of {@link TaskServiceContract}; see there how the tests are written.
 */
public abstract class TasksContract extends ContractSection {

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected TasksContract(TaskServiceContract contract) {
        super(contract);
    }

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
}
