package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules outlive their host: real hosts, one after another, on the same SQLite files, with a
 * manual clock that moves between fire times and across the downtimes between hosts.
 */
class ScheduleRestartTest {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final QueueConfig KEEPING = QueueConfig.builder().retention(Duration.ofDays(7)).build();

    private final ManualClock clock = ManualClock.create();

    @TempDir
    Path data;

    @Test
    void r51_r52_firesBeforeARestartAreNotEnqueuedAgainAndAMissedFireGetsOneCatchUpTask() throws Exception {
        Instant start = clock.instant();
        AtomicInteger runs = new AtomicInteger();

        // Life 1: three fires on time.
        try (TaskHost host = host()) {
            TaskService service = host.service("app", 1, task -> "run " + runs.incrementAndGet());
            service.createQueue("feeds", KEEPING);
            service.schedule("refresh", "feeds", Schedule.every(TEN_MINUTES), bytes("refresh"));
            for (int i = 0; i < 3; i++) {
                clock.advance(TEN_MINUTES);
                idle(host);
            }
            assertEquals(fires(start, 1, 2, 3), fireTimes(service));
        }

        // Life 2, at once on the same clock: re-registering the same schedule keeps its timing, and
        // nothing fired before the restart is enqueued again (R51).
        try (TaskHost host = host()) {
            TaskService service = host.service("app", 1, task -> "run " + runs.incrementAndGet());
            service.createQueue("feeds", KEEPING);
            service.schedule("refresh", "feeds", Schedule.every(TEN_MINUTES), bytes("refresh"));
            idle(host);
            assertEquals(fires(start, 1, 2, 3), fireTimes(service), "no fire enqueued twice across the restart");
            ScheduleInfo info = service.listSchedules().get(0);
            assertEquals(Optional.of(start.plus(TEN_MINUTES.multipliedBy(3))), info.lastFire());
            assertEquals(Optional.of(start.plus(TEN_MINUTES.multipliedBy(4))), info.nextFire());

            clock.advance(TEN_MINUTES);
            idle(host);
            assertEquals(fires(start, 1, 2, 3, 4), fireTimes(service));
        }

        // Down across fires 5, 6 and 7, up again at 7 + 5 min: one catch-up task, for fire 7 (R52).
        clock.advance(Duration.ofMinutes(35));
        try (TaskHost host = host()) {
            TaskService service = host.service("app", 1, task -> "run " + runs.incrementAndGet());
            assertEquals(Optional.of(start.plus(TEN_MINUTES.multipliedBy(7))),
                    service.listSchedules().get(0).nextFire(), "the listing shows the latest missed fire as due");
            service.createQueue("feeds", KEEPING);
            idle(host);
            assertEquals(fires(start, 1, 2, 3, 4, 7), fireTimes(service), "one catch-up task, for the latest missed fire");

            clock.advance(Duration.ofMinutes(5));
            idle(host);
            assertEquals(fires(start, 1, 2, 3, 4, 7, 8), fireTimes(service), "then on time again");
        }
        assertEquals(6, runs.get(), "each fire's task ran once");
    }

    private TaskHost host() {
        return TaskHost.builder().dataDirectory(data).clock(clock).build();
    }

    private static void idle(TaskHost host) throws InterruptedException {
        assertTrue(host.awaitIdle(Duration.ofSeconds(30)), "the host did not go idle within 30 s");
    }

    private static List<Instant> fires(Instant start, int... numbers) {
        List<Instant> fires = new ArrayList<>();
        for (int n : numbers) {
            fires.add(start.plus(TEN_MINUTES.multipliedBy(n)));
        }
        return fires;
    }

    /** The fire time of each task in the queue, oldest first, read from its key (R43). */
    private static List<Instant> fireTimes(TaskService service) {
        List<Instant> fires = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            TaskPage page = service.listTasks("feeds", Optional.empty(), cursor, 100);
            for (TaskInfo task : page.tasks()) {
                String key = task.key().orElseThrow(() -> new AssertionError("a fire's task without a key: " + task));
                assertTrue(key.startsWith("schedule:refresh@"), key);
                fires.add(Instant.parse(key.substring("schedule:refresh@".length())));
            }
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        fires.sort(null);
        return fires;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
