package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R36, R13: a queue's last start is stored, so neither a restart nor a stopOwner starts a task early. */
class PacingAcrossRestartTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final QueueConfig HOURLY = QueueConfig.builder().delay(HOUR).retention(Duration.ofDays(7)).build();

    @TempDir
    Path data;

    private final ManualClock clock = ManualClock.create();

    @Test
    void r36_r13_aRestartTenMinutesAfterAStartWaitsTheFiftyMinutesLeft() throws Exception {
        String second;
        try (TaskHost host = host()) {
            TaskService service = host.service("app", 1, task -> "");
            service.createQueue("hourly", HOURLY);
            service.enqueue("hourly", new byte[0]);
            second = service.enqueue("hourly", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(TaskStatus.PENDING, service.get(second).status());
        }
        clock.advance(Duration.ofMinutes(10));
        try (TaskHost host = host()) {
            TaskService service = host.service("app", 1, task -> "");
            service.createQueue("hourly", HOURLY);
            waitsExactlyUntilTheHourIsOver(host, service, second, Duration.ofMinutes(50));
        }
    }

    @Test
    void r36_r34_stopOwnerThenServiceAgainTenMinutesAfterAStartWaitsTheFiftyMinutesLeft() throws Exception {
        try (TaskHost host = host()) {
            TaskService first = host.service("app", 1, task -> "");
            first.createQueue("hourly", HOURLY);
            first.enqueue("hourly", new byte[0]);
            String second = first.enqueue("hourly", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
            host.stopOwner("app");
            clock.advance(Duration.ofMinutes(10));

            TaskService again = host.service("app", 1, task -> "");
            again.createQueue("hourly", HOURLY);
            waitsExactlyUntilTheHourIsOver(host, again, second, Duration.ofMinutes(50));
        }
    }

    private void waitsExactlyUntilTheHourIsOver(TaskHost host, TaskService service, String task, Duration left)
            throws InterruptedException {
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.PENDING, service.get(task).status(), "started before the delay was over (R13, R36)");
        clock.advance(left.minusMillis(1));
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.PENDING, service.get(task).status(), "started before the delay was over (R13, R36)");
        clock.advance(Duration.ofMillis(1));
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.COMPLETED, service.get(task).status());
    }

    private TaskHost host() {
        return TaskHost.builder().dataDirectory(data).clock(clock).build();
    }
}
