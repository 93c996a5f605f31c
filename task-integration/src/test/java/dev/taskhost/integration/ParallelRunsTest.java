package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real host runs a queue's tasks in parallel, up to its concurrency and no further. */
class ParallelRunsTest {
    @TempDir
    Path data;

    @Test
    void r12_aQueueRunsExactlyItsConcurrencyAtOnceWhenMoreAreReady() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        CountDownLatch threeRunning = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 8, task -> {
                highWater.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                threeRunning.countDown();
                release.await();
                inFlight.decrementAndGet();
                return "";
            });
            service.createQueue("q", QueueConfig.builder().concurrency(3).build());
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                ids.add(service.enqueue("q", new byte[0]));
            }

            assertTrue(threeRunning.await(10, TimeUnit.SECONDS));
            TimeUnit.MILLISECONDS.sleep(200);
            assertEquals(3, inFlight.get());
            release.countDown();
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));

            assertEquals(3, highWater.get());
            for (String id : ids) {
                assertEquals(TaskStatus.COMPLETED, service.get(id).status());
            }
        }
    }

    @Test
    void r4_queuesOfOneOwnerShareItsBudgetAcrossQueues() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger highWater = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch twoRunning = new CountDownLatch(2);
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 2, task -> {
                highWater.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                twoRunning.countDown();
                release.await();
                inFlight.decrementAndGet();
                return "";
            });
            service.createQueue("a", QueueConfig.builder().concurrency(1).build());
            service.createQueue("b", QueueConfig.builder().concurrency(5).build());
            for (int i = 0; i < 4; i++) {
                service.enqueue("a", new byte[0]);
                service.enqueue("b", new byte[0]);
            }

            assertTrue(twoRunning.await(10, TimeUnit.SECONDS));
            TimeUnit.MILLISECONDS.sleep(200);
            release.countDown();
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));

            // "b" asked for 5 but got the 1 left of the budget of 2.
            assertEquals(2, highWater.get());
        }
    }
}
