package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The bad-input suite's host, on a manual clock, with tasks stored before a bad input is tried: of
 * owner {@code app} one completed, one failed, one cancelled and one pending (behind a ten-year delay,
 * so no clock step a row takes starts it); of owner {@code other} one completed and one pending. Finished tasks are
 * kept a week (R7's longest retention). {@link #requireIntact} checks that {@code get} still says
 * exactly what it said before.
 *
 * <p>The worker's behaviour is chosen by the payload's first word: {@code fail}, {@code overflow}
 * (a real {@link StackOverflowError}), {@code error} (an {@link InternalError}), {@code stubborn}
 * (ignores interrupts until {@link #releaseStubborn()}), {@code interrupt} (returns with its thread
 * interrupted), {@code nap} (sleeps a millisecond, so an interrupt left over would fail it),
 * {@code progress <percent> <note bytes>} (reports that progress once, then returns); anything
 * else completes with {@code ran <queue> <payload size>}.
 */
final class StoredTasks implements AutoCloseable {
    static final String APP = "app";
    static final String OTHER = "other";
    static final int BUDGET = 8;
    static final Duration FAR = Duration.ofDays(3650);

    final Path data;
    final ManualClock clock = ManualClock.create();
    final Map<String, byte[]> payloadsSeen = new ConcurrentHashMap<>();
    private final Map<String, TaskInfo> before = new LinkedHashMap<>();
    private final CountDownLatch stubbornMayEnd = new CountDownLatch(1);
    /** Counted down when a stubborn worker finally returns. */
    final CountDownLatch stubbornReturned = new CountDownLatch(1);
    private String othersPendingTask;
    private TaskHost host;
    private TaskService app;
    private TaskService other;

    private StoredTasks(Path data) {
        this.data = data;
    }

    static StoredTasks open(Path data) throws InterruptedException {
        StoredTasks stored = new StoredTasks(data);
        stored.start();
        stored.app.createQueue("kept", QueueConfig.builder().delay(FAR).retention(Duration.ofDays(7)).build());
        stored.app.createQueue("broken", QueueConfig.builder().retention(Duration.ofDays(7)).build());
        stored.other.createQueue("theirs", QueueConfig.builder().delay(FAR).retention(Duration.ofDays(7)).build());
        String completed = stored.app.enqueue("kept", text("kept: completed"));
        String pending = stored.app.enqueue("kept", text("kept: pending behind the delay"));
        String cancelled = stored.app.enqueue("kept", text("kept: cancelled"));
        stored.app.cancel(cancelled);
        String failed = stored.app.enqueue("broken", text("fail: on purpose"));
        String theirs = stored.other.enqueue("theirs", text("theirs: completed"));
        String theirsPending = stored.other.enqueue("theirs", text("theirs: pending behind the delay"));
        stored.settle();
        for (String id : new String[] {completed, pending, cancelled, failed}) {
            stored.before.put(id, stored.app.get(id));
        }
        stored.before.put(theirs, stored.other.get(theirs));
        stored.before.put(theirsPending, stored.other.get(theirsPending));
        stored.othersPendingTask = theirsPending;
        assertEquals(TaskStatus.COMPLETED, stored.before.get(completed).status());
        assertEquals(TaskStatus.PENDING, stored.before.get(pending).status());
        assertEquals(TaskStatus.CANCELLED, stored.before.get(cancelled).status());
        assertEquals(TaskStatus.FAILED, stored.before.get(failed).status());
        assertEquals(TaskStatus.COMPLETED, stored.before.get(theirs).status());
        assertEquals(TaskStatus.PENDING, stored.before.get(theirsPending).status());
        return stored;
    }

    /** Owner {@code other} first: a row that breaks {@code app}'s files still reaches {@code other}'s. */
    private void start() {
        host = TaskHost.builder().dataDirectory(data).clock(clock).shutdownGrace(Duration.ZERO).build();
        other = host.service(OTHER, 1, this::work);
        app = host.service(APP, BUDGET, this::work);
    }

    TaskHost host() {
        return host;
    }

    TaskService app() {
        return app;
    }

    /** The id of a pending task of owner {@code other}: to owner {@code app}, it must not exist (R2). */
    String othersTask() {
        return othersPendingTask;
    }

    /** An id of one of owner {@code app}'s tasks. */
    String appsTask() {
        return before.keySet().iterator().next();
    }

    /** Runs what is due on the manual clock until the host is idle. */
    void settle() throws InterruptedException {
        assertTrue(host.awaitIdle(Duration.ofSeconds(30)), "the host did not go idle within 30 s");
    }

    void advance(Duration by) throws InterruptedException {
        clock.advance(by);
        settle();
    }

    /** Closes the host, so that a row can do to its files what a host must not see happen. */
    void closeHost() {
        host.close();
    }

    /**
     * Opens a new host on the same files and clock.
     *
     * @throws dev.taskhost.api.TaskStoreException if {@code app}'s database cannot be opened (R23)
     */
    void reopen() {
        start();
    }

    /** Where owner {@code app}'s database lives. */
    Path appDatabase() {
        return data.resolve(APP).resolve("tasks.db");
    }

    /** {@code get} of every task stored before says what it said before, for the given owners. */
    void requireIntact(String... owners) {
        for (Map.Entry<String, TaskInfo> task : before.entrySet()) {
            boolean others = task.getValue().queueName().equals("theirs");
            String owner = others ? OTHER : APP;
            if (Arrays.asList(owners).contains(owner)) {
                assertEquals(task.getValue(), (others ? other : app).get(task.getKey()), "stored before: " + owner);
            }
        }
    }

    void requireIntact() {
        requireIntact(APP, OTHER);
    }

    void releaseStubborn() {
        stubbornMayEnd.countDown();
    }

    @Override
    public void close() {
        releaseStubborn();
        host.close();
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String work(Task task) throws Exception {
        payloadsSeen.put(task.taskId(), task.payload());
        String text = new String(task.payload(), StandardCharsets.UTF_8);
        if (text.startsWith("fail")) {
            throw new IllegalStateException("failed on purpose at attempt " + task.attempt());
        }
        if (text.startsWith("overflow")) {
            return String.valueOf(recurse(0));
        }
        if (text.startsWith("error")) {
            throw new InternalError("an Error from the worker");
        }
        if (text.startsWith("stubborn")) {
            while (stubbornMayEnd.getCount() > 0) {
                try {
                    stubbornMayEnd.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // This worker ignores interrupts on purpose (R15, R24).
                }
            }
            stubbornReturned.countDown();
            return "too late";
        }
        if (text.startsWith("nap")) {
            TimeUnit.MILLISECONDS.sleep(1);
        }
        if (text.startsWith("progress ")) {
            // "progress <percent> <note bytes>": one report, then done (R48)
            String[] words = text.split(" ");
            task.progress(Integer.parseInt(words[1]), "n".repeat(Integer.parseInt(words[2])));
            return "reported";
        }
        if (text.startsWith("interrupt")) {
            Thread.currentThread().interrupt();
            return "left its thread interrupted";
        }
        return "ran " + task.queueName() + " " + task.payload().length;
    }

    private static long recurse(long depth) {
        return recurse(depth + 1) + 1;
    }
}
