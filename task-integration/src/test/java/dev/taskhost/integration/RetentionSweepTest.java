package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R21 while the host runs: the retention sweep's timer alone deletes what expired. Neither test
 * calls {@code awaitIdle}, which sweeps by itself.
 */
class RetentionSweepTest {
    /** Far more than the sweep needs once due; a missing sweep never comes at all. */
    private static final long SWEEP_WAIT_MILLIS = 30_000;

    @TempDir
    Path data;

    @Test
    void r21_aQueueReopenedWithAShorterRetentionHasItsExpiredTasksDeletedAtOnce() throws Exception {
        ManualClock clock = ManualClock.create();
        String finished;
        try (TaskHost host = TaskHost.builder().dataDirectory(data).clock(clock).build()) {
            TaskService service = host.service("app", 1, task -> "done");
            service.createQueue("q", QueueConfig.builder().retention(Duration.ofDays(7)).build());
            finished = service.enqueue("q", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        }
        clock.advance(Duration.ofMinutes(2));
        try (TaskHost host = TaskHost.builder().dataDirectory(data).clock(clock).build()) {
            TaskService service = host.service("app", 1, task -> "done");
            // The start-up sweep found it kept for a week; the new retention has it expired a minute ago.
            assertEquals(TaskStatus.COMPLETED, service.get(finished).status());
            service.createQueue("q", QueueConfig.builder().retention(Duration.ofMinutes(1)).build());
            awaitDeleted(service, List.of(finished));
        }
    }

    /** Real time: the shortest retention is a minute (R7), so this test waits for one. */
    @Test
    void r21_r18_r19_cancelledAndClearedTasksAreDeletedOnceTheirRetentionHasPassed() throws Exception {
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 2, task -> "");
            // The first task of each queue starts; the second waits a day behind the delay.
            QueueConfig waiting = QueueConfig.builder().delay(Duration.ofDays(1)).retention(Duration.ofMinutes(1)).build();
            service.createQueue("cancelled", waiting);
            service.createQueue("cleared", waiting);
            service.enqueue("cancelled", new byte[0]);
            service.enqueue("cleared", new byte[0]);
            String cancelled = service.enqueue("cancelled", new byte[0]);
            String cleared = service.enqueue("cleared", new byte[0]);
            service.cancel(cancelled);
            assertEquals(1, service.clearQueue("cleared"));

            awaitDeleted(service, List.of(cancelled, cleared));
        }
    }

    private static void awaitDeleted(TaskService service, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Duration.ofMinutes(1).toMillis() + SWEEP_WAIT_MILLIS);
        for (String id : ids) {
            while (exists(service, id)) {
                assertTrue(System.nanoTime() - deadline < 0, () -> "task " + id + " was never deleted (R21)");
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
    }

    private static boolean exists(TaskService service, String id) {
        try {
            service.get(id);
            return true;
        } catch (TaskNotFoundException deleted) {
            return false;
        }
    }
}
