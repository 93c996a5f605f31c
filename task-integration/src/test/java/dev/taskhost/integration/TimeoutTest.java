package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R15 with real threads: the timeout fails the attempt even when the worker ignores interrupts (R24). */
class TimeoutTest {
    @TempDir
    Path data;

    @Test
    void r15_aWorkerIgnoringItsInterruptStillFailsAtTheTimeoutAndFreesItsSlot() throws Exception {
        CountDownLatch stubbornMayEnd = new CountDownLatch(1);
        try (TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ZERO).build()) {
            TaskService service = host.service("app", 1, task -> {
                if (task.payload().length > 0) {
                    return "quick";
                }
                while (stubbornMayEnd.getCount() > 0) {
                    try {
                        stubbornMayEnd.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        // This worker ignores interrupts on purpose.
                    }
                }
                return "too late";
            });
            service.createQueue("q", QueueConfig.builder().timeout(Duration.ofMillis(200)).build());
            String stubborn = service.enqueue("q", new byte[0]);
            String next = service.enqueue("q", new byte[] {1});

            assertTrue(host.awaitIdle(Duration.ofSeconds(20)));

            assertEquals(TaskStatus.FAILED, service.get(stubborn).status());
            assertEquals("timed out after PT0.2S (R15)", service.get(stubborn).message());
            assertEquals(TaskStatus.COMPLETED, service.get(next).status());
            stubbornMayEnd.countDown();
        }
    }
}
