package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a queue of concurrency above 1, a run that ends while it is the queue's only run has its
 * outcome recorded, and the next task claimed, on its own worker thread, as at concurrency 1; the
 * queue's rules hold as before (R11, R12).
 */
class OnlyRunHandOffTest {
    private static final int TASKS = 30;

    @TempDir
    Path data;

    @Test
    @DisplayName("R11 R12 at concurrency 4 the worker of the only run records its outcome itself")
    void r12_onlyRunRecordsItsOwnOutcome() throws Exception {
        OutcomeThreads recordingThreads = new OutcomeThreads();
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (TaskHost host = TaskHost.builder().store(recordingThreads.store(data)).build()) {
            TaskService service = host.service("app", 4, task -> {
                mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                order.add(ByteBuffer.wrap(task.payload()).getInt());
                runningNow.decrementAndGet();
                return "";
            });
            service.createQueue("q", QueueConfig.builder().concurrency(4).build());
            // One task at a time, each enqueued once the one before is recorded: every run is the only one.
            for (int i = 0; i < TASKS; i++) {
                String id = service.enqueue("q", ByteBuffer.allocate(4).putInt(i).array());
                awaitRecorded(service, id);
            }
        }
        assertEquals(IntStream.range(0, TASKS).boxed().toList(), order, "enqueue order (R11)");
        assertEquals(1, mostAtOnce.get(), "one at a time, as enqueued (R12)");
        long onWorkers = recordingThreads.names().stream().filter(name -> name.startsWith("taskhost-worker"))
                .count();
        // A pass the scheduler thread happens to be making when a run ends records that outcome.
        assertTrue(onWorkers >= TASKS - 2, "outcomes recorded on the worker threads: " + recordingThreads.names());
    }

    private static void awaitRecorded(TaskService service, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!service.get(id).status().isTerminal()) {
            assertTrue(System.nanoTime() < deadline, "task " + id + " was recorded within 30 s");
            Thread.sleep(1);
        }
    }
}
