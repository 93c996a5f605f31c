package dev.taskhost.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The fake's own clock stepping for schedules (R50, R51); the rest is in the contract. */
class FakeSchedulesTest {

    @Test
    void r50_advanceOfAnHourRunsSixTasksOfAnEveryTenMinutesScheduleEachAtItsFireTime() {
        List<Instant> runs = new CopyOnWriteArrayList<>();
        ManualClock clock = ManualClock.create();
        FakeTaskService tasks = FakeTaskService.builder().clock(clock).worker(task -> {
            runs.add(clock.instant());
            return "ok";
        }).build();
        tasks.createQueue("ticks", QueueConfig.defaults());
        Instant start = clock.instant();
        tasks.schedule("tick", "ticks", Schedule.every(Duration.ofMinutes(10)), "t".getBytes(UTF_8));

        assertEquals(6, tasks.advance(Duration.ofHours(1)));

        List<Instant> expected = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            expected.add(start.plus(Duration.ofMinutes(10L * i)));
        }
        assertEquals(expected, runs);
        assertEquals(start.plus(Duration.ofHours(1)), clock.instant());
    }

    @Test
    void r52_aClockMovedByItselfIsADowntime_oneCatchUpTask() {
        List<Instant> runs = new CopyOnWriteArrayList<>();
        ManualClock clock = ManualClock.create();
        FakeTaskService tasks = FakeTaskService.builder().clock(clock).worker(task -> {
            runs.add(clock.instant());
            return "ok";
        }).build();
        tasks.createQueue("ticks", QueueConfig.defaults());
        tasks.schedule("tick", "ticks", Schedule.every(Duration.ofMinutes(10)), new byte[0]);
        clock.advance(Duration.ofHours(1));
        assertEquals(1, tasks.runDue());
        assertEquals(List.of(clock.instant()), runs);
    }
}
