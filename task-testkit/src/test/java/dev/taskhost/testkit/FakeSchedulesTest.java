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

    @Test
    void r50_r51_aWorkerThatMovesTheClockDuringAdvance_eachFireTimeOnceInOrder() {
        List<Instant> runs = new CopyOnWriteArrayList<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        ManualClock clock = ManualClock.create();
        FakeTaskService tasks = FakeTaskService.builder().clock(clock).worker(task -> {
            runs.add(clock.instant());
            ran.add(task.taskId());
            // The worker's own work takes 15 minutes of the manual clock: more than the interval.
            clock.advance(Duration.ofMinutes(15));
            return "ok";
        }).build();
        tasks.createQueue("ticks", QueueConfig.builder().retention(Duration.ofDays(1)).build());
        Instant start = clock.instant();
        tasks.schedule("tick", "ticks", Schedule.every(Duration.ofMinutes(10)), new byte[0]);

        assertEquals(6, tasks.advance(Duration.ofHours(1)));

        List<String> expectedKeys = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            expectedKeys.add("schedule:tick@" + start.plus(Duration.ofMinutes(10L * i)));
        }
        assertEquals(expectedKeys, keysInRunOrder(tasks, ran), "every fire time up to the advance's end, once, in order");
        List<Instant> expectedRuns = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // The first at its fire time; each later one once the worker before it gave the clock back.
            expectedRuns.add(start.plus(Duration.ofMinutes(i == 0 ? 10 : 10 + 15L * i)));
        }
        assertEquals(expectedRuns, runs);
        assertEquals(start.plus(Duration.ofMinutes(100)), clock.instant(), "the clock never goes back");

        // The fire times the worker's clock passed beyond the first advance's end: each its own task too.
        assertEquals(4, tasks.advance(Duration.ZERO));
        List<String> later = keysInRunOrder(tasks, ran).subList(6, 10);
        List<String> expectedLater = new ArrayList<>();
        for (int i = 7; i <= 10; i++) {
            expectedLater.add("schedule:tick@" + start.plus(Duration.ofMinutes(10L * i)));
        }
        assertEquals(expectedLater, later);
    }

    @Test
    void r50_aWorkerThatSetsTheClockPastTheAdvancesEnd_theAdvanceEndsThereAndFiresUpToItsOwnEnd() {
        List<String> ran = new CopyOnWriteArrayList<>();
        ManualClock clock = ManualClock.create();
        Instant start = clock.instant();
        FakeTaskService tasks = FakeTaskService.builder().clock(clock).worker(task -> {
            ran.add(task.taskId());
            if (clock.instant().equals(start.plus(Duration.ofMinutes(10)))) {
                clock.set(start.plus(Duration.ofHours(3)));
            }
            return "ok";
        }).build();
        tasks.createQueue("ticks", QueueConfig.builder().retention(Duration.ofDays(1)).build());
        tasks.schedule("tick", "ticks", Schedule.every(Duration.ofMinutes(10)), new byte[0]);

        assertEquals(6, tasks.advance(Duration.ofHours(1)));

        assertEquals(start.plus(Duration.ofHours(3)), clock.instant(), "the clock never goes back");
        assertEquals(6, keysInRunOrder(tasks, ran).size(), keysInRunOrder(tasks, ran).toString());
    }

    private static List<String> keysInRunOrder(FakeTaskService tasks, List<String> ran) {
        return ran.stream().map(id -> tasks.get(id).key().orElseThrow()).toList();
    }
}
