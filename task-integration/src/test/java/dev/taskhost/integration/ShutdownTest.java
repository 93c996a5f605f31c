package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R22: close stops starts, lets runs finish within the grace, then gives the rest their attempt back. */
class ShutdownTest {
    @TempDir
    Path data;

    @Test
    void r22_aRunThatFinishesWithinTheGraceCompletes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        String id;
        TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ofSeconds(30)).build();
        TaskService service = host.service("app", 1, task -> {
            started.countDown();
            release.await();
            return "finished in the grace";
        });
        service.createQueue("q", QueueConfig.defaults());
        id = service.enqueue("q", new byte[0]);
        assertTrue(started.await(10, TimeUnit.SECONDS));

        Thread closer = new Thread(host::close);
        closer.start();
        TimeUnit.MILLISECONDS.sleep(100);
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(30));

        try (TaskHost reopened = TaskHost.builder().dataDirectory(data).build()) {
            var info = reopened.service("app", 1, task -> "").get(id);
            assertEquals(TaskStatus.COMPLETED, info.status());
            assertEquals("finished in the grace", info.message());
        }
    }

    @Test
    void r22_aRunStillGoingAfterTheGraceIsInterruptedAndReturnsToPendingWithoutUsingAnAttempt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch ended = new CountDownLatch(1);
        TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ofMillis(200)).build();
        TaskService service = host.service("app", 1, task -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            } finally {
                ended.countDown();
            }
            return "";
        });
        service.createQueue("q", QueueConfig.builder().maxRetries(0).build());
        String running = service.enqueue("q", new byte[0]);
        String waiting = service.enqueue("q", new byte[0]);
        assertTrue(started.await(10, TimeUnit.SECONDS));

        host.close();

        assertTrue(ended.await(10, TimeUnit.SECONDS));
        assertTrue(interrupted.get());
        try (TaskHost reopened = TaskHost.builder().dataDirectory(data).build()) {
            TaskService again = reopened.service("app", 1, task -> "second life");
            assertEquals(TaskStatus.PENDING, again.get(running).status());
            assertEquals(0, again.get(running).attempt());
            assertEquals(TaskStatus.PENDING, again.get(waiting).status());

            again.createQueue("q", QueueConfig.builder().maxRetries(0).build());
            assertTrue(reopened.awaitIdle(Duration.ofSeconds(10)));

            // With no retries allowed, the shutdown did not use the one attempt up.
            assertEquals(TaskStatus.COMPLETED, again.get(running).status());
            assertEquals(1, again.get(running).attempt());
        }
    }

    @Test
    void r22_afterCloseEveryCallThrowsIllegalStateException() {
        TaskHost host = TaskHost.builder().dataDirectory(data).build();
        TaskService service = host.service("app", 1, task -> "");
        service.createQueue("q", QueueConfig.defaults());
        String id = service.enqueue("q", new byte[0]);

        host.close();
        host.close();

        assertThrows(IllegalStateException.class, () -> service.enqueue("q", new byte[0]));
        assertThrows(IllegalStateException.class, () -> service.get(id));
        assertThrows(IllegalStateException.class, () -> service.cancel(id));
        assertThrows(IllegalStateException.class, () -> service.clearQueue("q"));
        assertThrows(IllegalStateException.class, () -> service.createQueue("other", QueueConfig.defaults()));
        assertThrows(IllegalStateException.class, () -> host.service("app", 1, task -> ""));
    }

    @Test
    void r22_stopOwnerStopsOnlyThatOwnersQueuesAndClosesItsServices() throws Exception {
        try (TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ofMillis(100)).build()) {
            TaskService stopped = host.service("stopped", 1, task -> "");
            TaskService kept = host.service("kept", 1, task -> "still here");
            stopped.createQueue("q", QueueConfig.defaults());
            kept.createQueue("q", QueueConfig.defaults());

            host.stopOwner("stopped");

            assertThrows(IllegalStateException.class, () -> stopped.enqueue("q", new byte[0]));
            String id = kept.enqueue("q", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
            assertEquals("still here", kept.get(id).message());
        }
    }
}
