package dev.taskhost.integration;

import static dev.taskhost.testkit.jvm.ScheduleChildren.firstFireAtOrAfter;
import static dev.taskhost.testkit.jvm.ScheduleChildren.sleepUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskPage;
import dev.taskhost.core.OperatorView;
import dev.taskhost.core.StoreView;
import dev.taskhost.testkit.jvm.ChildJvm;
import dev.taskhost.testkit.jvm.ScheduleChildren;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules under SIGKILL: a child JVM ({@link ScheduleChild}) runs an {@code every(1 s)}
 * schedule and is killed at seeded moments around its fire times, then started again after a
 * seeded downtime. From the tasks stored at the end: no fire time has two tasks, every fire time
 * while a host was up has its task, and each downtime's missed fires gave at most one task, for the
 * latest of them (R51, R52).
 *
 * <p>A fire time counts as "while up" from the child's {@code ready} until a second before its
 * kill: a fire at the very moment of a kill may or may not have committed, and a timer may run a
 * little late on a loaded machine. Between a kill and the next child's start the host was down.
 *
 * <p>System properties: {@code crash.schedule.kills} (5), {@code crash.seed} (random; printed).
 */
@Tag("crash")
class ScheduleCrashTest {
    private static final int KILLS = Integer.getInteger("crash.schedule.kills", 5);
    private static final long EVERY = ScheduleChildren.EVERY.toMillis();
    /** A fire this close before a kill is not required: the kill may have cut its commit. */
    private static final long KILL_MARGIN = 1_000;
    /** How long a life may take to register its schedule. */
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final String KEY_PREFIX = "schedule:" + ScheduleChildren.SCHEDULE + "@";

    @TempDir
    Path dir;

    /** One child's life, in epoch milliseconds. */
    private record Life(long started, long ready, long killed) {
    }

    @Test
    void r51_r52_sigkillAroundFireTimesNeitherRepeatsNorSkipsAFire() throws Exception {
        long seed = Long.getLong("crash.seed", new Random().nextLong());
        System.out.printf("schedule crash test: seed %d (replay with -Dcrash.seed=%d)%n", seed, seed);
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        List<Life> lives = new ArrayList<>();
        long grid = -1;
        for (int life = 0; life < KILLS; life++) {
            try (ChildJvm child = ChildJvm.start(dir.resolve("life-" + life + ".out"), ScheduleChild.class,
                    data.toString())) {
                child.awaitPrinted("ready", READY_LIMIT);
                long started = child.number("starting ");
                long ready = child.number("ready ");
                long next = child.number("next ");
                if (grid < 0) {
                    grid = next;
                }
                assertEquals(0, Math.floorMod(next - grid, EVERY), "re-registering kept the schedule's timing");
                // Around the 1st to 4th fire time after ready: up to 200 ms before or after it.
                long fireAfterReady = grid + (Math.floorDiv(ready - grid, EVERY) + 1 + random.nextInt(4)) * EVERY;
                long killAt = fireAfterReady - 200 + random.nextInt(401);
                sleepUntil(killAt);
                child.requireAlive();
                long killed = System.currentTimeMillis();
                child.kill();
                lives.add(new Life(started, ready, killed));
            }
            TimeUnit.MILLISECONDS.sleep(random.nextInt(2_500));
        }

        Map<Long, Integer> tasksByFire = new TreeMap<>();
        try (StoreView store = StoreView.open(data)) {
            for (TaskInfo task : allTasks(store.view())) {
                String key = task.key().orElseThrow(() -> new AssertionError("a fire's task without a key: " + task));
                assertTrue(key.startsWith(KEY_PREFIX), key);
                long fire = Instant.parse(key.substring(KEY_PREFIX.length())).toEpochMilli();
                assertEquals(0, Math.floorMod(fire - grid, EVERY), () -> "a fire off the schedule's times: " + key);
                tasksByFire.merge(fire, 1, Integer::sum);
            }
        }

        // R51: no fire time enqueued twice.
        Map<Long, Integer> repeated = new HashMap<>();
        tasksByFire.forEach((fire, count) -> {
            if (count > 1) {
                repeated.put(fire, count);
            }
        });
        assertEquals(Map.of(), repeated, "fire times with more than one task");

        // R51: no fire skipped while a host was up.
        int required = 0;
        List<Instant> skipped = new ArrayList<>();
        for (Life life : lives) {
            for (long fire = firstFireAtOrAfter(grid, life.ready()); fire <= life.killed() - KILL_MARGIN; fire += EVERY) {
                required++;
                if (!tasksByFire.containsKey(fire)) {
                    skipped.add(Instant.ofEpochMilli(fire));
                }
            }
        }
        assertEquals(List.of(), skipped, "fire times without a task while a host was up");

        // R52: a downtime's missed fires give at most one task, the latest missed one.
        int missed = 0;
        int catchUps = 0;
        for (int i = 0; i + 1 < lives.size(); i++) {
            long from = lives.get(i).killed();
            long to = lives.get(i + 1).started();
            List<Long> down = new ArrayList<>();
            for (long fire = firstFireAtOrAfter(grid, from + 1); fire < to; fire += EVERY) {
                down.add(fire);
            }
            missed += down.size();
            List<Long> stored = down.stream().filter(tasksByFire::containsKey).toList();
            assertTrue(stored.size() <= 1, "downtime " + i + " gave " + stored.size() + " tasks: " + stored);
            if (!stored.isEmpty()) {
                catchUps++;
                assertEquals(down.get(down.size() - 1), stored.get(0), "the catch-up is for the latest missed fire");
            }
        }

        System.out.printf("schedule crash test: seed %d, kills %d, tasks stored %d, distinct fire times %d, "
                        + "fire times required while up %d (skipped %d), fire times missed while down %d, "
                        + "catch-up tasks %d, repeated fire times %d%n",
                seed, lives.size(), tasksByFire.values().stream().mapToInt(Integer::intValue).sum(),
                tasksByFire.size(), required, skipped.size(), missed, catchUps, repeated.size());
        assertTrue(required > 0, "no fire time fell while a host was up: the test proved nothing");
    }

    private static List<TaskInfo> allTasks(OperatorView view) {
        List<TaskInfo> tasks = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            TaskPage page = view.tasks(ScheduleChildren.OWNER, ScheduleChildren.QUEUE, Optional.empty(), cursor, 1_000);
            tasks.addAll(page.tasks());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return tasks;
    }
}
