package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real host on SQLite, where workers run on the host's threads: cancel of a running task from
 * another thread (R47), and wake-ups of scheduled tasks by the host's own timer (R41). The waits are
 * generous limits on latches, never measures of how long something took.
 */
class CancelRunningTest {
    private static final long LIMIT_SECONDS = 30;

    @TempDir
    Path data;

    @Test
    void r47_cancelFromAnotherThreadInterruptsTheWorkerAndItsLateResultIsNeverRecorded() throws Exception {
        ManualClock clock = ManualClock.create();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch mayReturn = new CountDownLatch(1);
        CountDownLatch returned = new CountDownLatch(1);
        try (TaskHost host = TaskHost.builder().dataDirectory(data).clock(clock).build()) {
            TaskService service = host.service("app", 1, task -> {
                if (task.attempt() > 1) {
                    return "a retry ran: R47 says never";
                }
                if (task.payload().length == 0) {
                    return "quick";
                }
                started.countDown();
                try {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(LIMIT_SECONDS * 2));
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                // Ignores the interrupt and finishes its work anyway, later.
                mayReturn.await(LIMIT_SECONDS, TimeUnit.SECONDS);
                returned.countDown();
                return "finished anyway";
            });
            service.createQueue("q", QueueConfig.builder().maxRetries(3).retention(Duration.ofDays(1)).build());
            String id = service.enqueue("q", new byte[] {1});
            String next = service.enqueue("q", new byte[0]);
            assertTrue(started.await(LIMIT_SECONDS, TimeUnit.SECONDS));

            service.cancel(id, true);
            assertTrue(interrupted.await(LIMIT_SECONDS, TimeUnit.SECONDS), "the worker was interrupted");
            assertEquals(TaskStatus.CANCELLED, service.get(id).status());
            // The cancelled run's worker slot is free at once: the next task runs while it lingers.
            assertTrue(host.awaitIdle(Duration.ofSeconds(LIMIT_SECONDS)));
            assertEquals(TaskStatus.COMPLETED, service.get(next).status());

            mayReturn.countDown();
            assertTrue(returned.await(LIMIT_SECONDS, TimeUnit.SECONDS));
            clock.advance(Duration.ofHours(1));
            assertTrue(host.awaitIdle(Duration.ofSeconds(LIMIT_SECONDS)));
            TaskInfo info = service.get(id);
            assertEquals(TaskStatus.CANCELLED, info.status());
            assertEquals("", info.message());
            assertEquals(1, info.attempt());
        }
    }

    @Test
    void r41_aScheduledTaskIsStartedByTheHostsTimerAtItsReadyTime() throws Exception {
        Clock clock = Clock.systemUTC();
        List<Instant> startedAt = new CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        try (TaskHost host = TaskHost.builder().dataDirectory(data).clock(clock).build()) {
            TaskService service = host.service("app", 1, task -> {
                startedAt.add(clock.instant());
                ran.countDown();
                return "done";
            });
            service.createQueue("q", QueueConfig.defaults());
            String id = service.enqueue("q", new byte[0], EnqueueOptions.builder()
                    .runAfter(Duration.ofMillis(300)).build());
            Instant readyAt = service.get(id).readyAt().orElseThrow();

            // Nothing but the host's own timer starts it: no awaitIdle, no other call.
            assertTrue(ran.await(LIMIT_SECONDS, TimeUnit.SECONDS), "the task never started");
            assertTrue(!startedAt.get(0).isBefore(readyAt), startedAt.get(0) + " is before " + readyAt);
        }
    }
}
