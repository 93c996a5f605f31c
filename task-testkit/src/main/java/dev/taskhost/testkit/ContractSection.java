package dev.taskhost.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;

/**
 * What every section of the task service contract shares: the implementation's services and clock,
 * through the {@link TaskServiceContract} that runs the section, and the helpers its tests use.
 */
public abstract class ContractSection {

    /** The delay of the queues that hold tasks pending: no task waits that long in a test otherwise. */
    static final Duration HOLD = Duration.ofHours(1);
    static final Pattern URL_SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{22,}");
    static final int MIB = 1_048_576;

    private final TaskServiceContract contract;

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected ContractSection(TaskServiceContract contract) {
        this.contract = Objects.requireNonNull(contract, "contract");
    }

    /** See {@link TaskServiceContract#newService}. */
    protected final TaskService newService(String owner, int maxConcurrency, TaskWorker worker) {
        return contract.newService(owner, maxConcurrency, worker);
    }

    /** See {@link TaskServiceContract#clock()}. */
    protected final ManualClock clock() {
        return contract.clock();
    }

    /**
     * See {@link TaskServiceContract#runUntilIdle()}.
     *
     * @throws InterruptedException if interrupted while waiting
     */
    protected final void runUntilIdle() throws InterruptedException {
        contract.runUntilIdle();
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


    /**
     * A queue whose delay keeps tasks pending for {@link #HOLD} once its slot is taken, and which
     * keeps finished tasks for a day, so that they can be checked after the hold.
     */
    static QueueConfig held() {
        return QueueConfig.builder().delay(HOLD).retention(Duration.ofDays(1)).build();
    }

    /** Takes the queue's delay slot, so that tasks enqueued next stay pending until {@link #HOLD} passes. */
    final void holdSlot(TaskService service, String queueName) throws InterruptedException {
        service.enqueue(queueName, bytes("slot"));
        runUntilIdle();
    }

    static void assertState(TaskInfo info, TaskStatus status, int attempt, String message) {
        assertEquals(status, info.status(), info::toString);
        assertEquals(attempt, info.attempt(), info::toString);
        assertEquals(message, info.message(), info::toString);
    }

    static void assertNamesStatus(RuntimeException refused, TaskStatus status) {
        assertTrue(refused.getMessage().toLowerCase(Locale.ROOT).contains(status.name().toLowerCase(Locale.ROOT)),
                () -> "'" + refused.getMessage() + "' names " + status);
    }

    static String sleepUntilInterrupted(CountDownLatch interrupted) throws InterruptedException {
        try {
            Thread.sleep(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
        }
        return "slept a full minute: never interrupted";
    }

    /** Recurses until the stack overflows. */
    static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
