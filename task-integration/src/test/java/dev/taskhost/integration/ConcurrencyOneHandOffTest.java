package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.OwnerStore;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a queue of concurrency 1, the worker whose run ended records it and claims the next task on
 * its own thread, then runs that task, instead of a round trip through the scheduler thread; the
 * rules of the queue hold as before (R11, R12).
 */
class ConcurrencyOneHandOffTest {
    private static final int TASKS = 40;

    @TempDir
    Path data;

    @Test
    @DisplayName("R11 R12 at concurrency 1 the freed worker records its outcome and claims the next task itself")
    void r12_freedWorkerClaimsTheNextTask() throws Exception {
        OutcomeThreads recordingThreads = new OutcomeThreads();
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(TASKS);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (TaskHost host = TaskHost.builder().store(recordingThreads.store(data)).build()) {
            TaskService service = host.service("app", 1, task -> {
                mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                int index = ByteBuffer.wrap(task.payload()).getInt();
                if (index == 0) {
                    first.await(); // the others queue up behind the first
                }
                order.add(index);
                runningNow.decrementAndGet();
                done.countDown();
                return "";
            });
            service.createQueue("q", QueueConfig.builder().concurrency(1).build());
            for (int i = 0; i < TASKS; i++) {
                service.enqueue("q", ByteBuffer.allocate(4).putInt(i).array());
            }
            first.countDown();
            assertTrue(done.await(30, TimeUnit.SECONDS), "all ran: " + order);
        }
        assertEquals(IntStream.range(0, TASKS).boxed().toList(), order, "enqueue order (R11)");
        assertEquals(1, mostAtOnce.get(), "one at a time (R12)");
        long onWorkers = recordingThreads.names().stream().filter(name -> name.startsWith("taskhost-worker"))
                .count();
        assertTrue(onWorkers >= TASKS - 2, "outcomes recorded and next tasks claimed on the worker threads: "
                + recordingThreads.names());
    }
}
