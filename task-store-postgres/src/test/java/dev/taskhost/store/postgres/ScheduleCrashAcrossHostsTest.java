package dev.taskhost.store.postgres;

import static dev.taskhost.testkit.jvm.ScheduleChildren.firstFireAtOrAfter;
import static dev.taskhost.testkit.jvm.ScheduleChildren.sleepUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.testkit.jvm.ChildJvm;
import dev.taskhost.testkit.jvm.ScheduleChildren;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules under SIGKILL across hosts: three host JVMs ({@link ScheduleHostChild}) share one
 * PostgreSQL schema and one {@code every(1 s)} schedule. In each round the test kills one, two or
 * all three of them with SIGKILL, each at a seeded moment around a fire time (up to 200 ms before or
 * after it), and starts them again after a seeded downtime. From the tasks stored at the end: no
 * fire time has two tasks (R51), every fire time while some host was up has its task (R35, R51),
 * and each stretch with every host down gave at most one task for its missed fires, for the latest
 * of them (R52).
 *
 * <p>A fire time counts as "while up" for a host from its {@code ready} until
 * {@value #KILL_MARGIN} ms before its kill: a fire at the very moment of a kill may or may not have
 * committed, and a timer may run a little late on a loaded machine. Between a kill and the host's
 * next start that host was down.
 *
 * <p>System properties: {@code crash.hosts.schedule.seconds} (50: how long the kills go on),
 * {@code crash.seed} (random; printed).
 */
@Tag("crash")
class ScheduleCrashAcrossHostsTest {
    private static final long SECONDS = Long.getLong("crash.hosts.schedule.seconds", 50);
    private static final long EVERY = ScheduleChildren.EVERY.toMillis();
    private static final long KILL_MARGIN = 1_000;
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final List<String> HOSTS = List.of("A", "B", "C");
    private static final String KEY_PREFIX = "schedule:" + ScheduleChildren.SCHEDULE + "@";

    @TempDir
    Path dir;

    private final TestDatabase database = TestDatabase.get();
    private final String schema = TestDatabase.freshSchema();
    private final Map<String, ChildJvm> live = new HashMap<>();

    /** One life of one host, in epoch milliseconds; {@code killed} is the end of the test if it was not killed. */
    private record Life(String host, long started, long ready, long killed) {
    }

    @AfterEach
    void cleanUp() {
        try {
            live.values().forEach(ChildJvm::close);
        } finally {
            database.drop(schema);
        }
    }

    @Test
    @DisplayName("R35 R51 R52 three PostgreSQL hosts under SIGKILL around the fire times of an every(1 s) schedule: one task per fire time while a host was up, none twice, one catch-up for a stretch with all hosts down")
    void r35_r51_r52_hostsKilledAroundFireTimesNeitherRepeatNorSkipAFire() throws Exception {
        long seed = Long.getLong("crash.seed", new Random().nextLong());
        System.out.printf("schedule crash test across hosts: seed %d (replay with -Dcrash.seed=%d), %d s of kills%n",
                seed, seed, SECONDS);
        Random random = new Random(seed);
        Map<String, Integer> lifeNumbers = new HashMap<>();
        Map<String, long[]> startedAndReady = new HashMap<>();
        List<Life> lives = new ArrayList<>();
        // The first host alone, so that it makes the schema and stores the schedule: its next fire
        // is the grid every fire time lies on.
        start("A", lifeNumbers);
        long grid = awaitReady("A", startedAndReady);
        for (String host : HOSTS.subList(1, HOSTS.size())) {
            start(host, lifeNumbers);
        }
        for (String host : HOSTS.subList(1, HOSTS.size())) {
            assertOnGrid(grid, awaitReady(host, startedAndReady), host);
        }

        long end = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(SECONDS);
        int rounds = 0;
        int allDown = 0;
        while (System.currentTimeMillis() < end) {
            rounds++;
            // Round 2 kills all three, so that one stretch with every host down comes whatever the seed.
            int count = rounds == 2 ? HOSTS.size() : 1 + random.nextInt(HOSTS.size());
            List<String> victims = new ArrayList<>(HOSTS);
            Collections.shuffle(victims, random);
            victims = victims.subList(0, count);
            allDown += count == HOSTS.size() ? 1 : 0;
            for (String host : victims) {
                // Around the 1st to 3rd fire time from now: up to 200 ms before or after it.
                long now = System.currentTimeMillis();
                long fire = firstFireAtOrAfter(grid, now + 1) + random.nextInt(3) * EVERY;
                long killAt = Math.max(now, fire - 200 + random.nextInt(401));
                sleepUntil(killAt);
                ChildJvm jvm = live.remove(host);
                jvm.requireAlive();
                long killed = System.currentTimeMillis();
                jvm.kill();
                long[] times = startedAndReady.remove(host);
                lives.add(new Life(host, times[0], times[1], killed));
            }
            TimeUnit.MILLISECONDS.sleep(random.nextInt(2_500));
            for (String host : victims) {
                start(host, lifeNumbers);
            }
            for (String host : victims) {
                assertOnGrid(grid, awaitReady(host, startedAndReady), host);
            }
        }
        // A last stretch with every host up, so that the last restart's fires count too.
        TimeUnit.MILLISECONDS.sleep(2_000 + random.nextInt(1_000));
        long stoppedAt = System.currentTimeMillis();
        for (String host : HOSTS) {
            ChildJvm jvm = live.remove(host);
            jvm.requireAlive();
            jvm.kill();
            long[] times = startedAndReady.remove(host);
            lives.add(new Life(host, times[0], times[1], stoppedAt));
        }

        TreeMap<Long, Integer> tasksByFire = tasksByFire(grid);

        // R51: no fire time enqueued twice.
        Map<Long, Integer> repeated = new TreeMap<>();
        tasksByFire.forEach((fire, count) -> {
            if (count > 1) {
                repeated.put(fire, count);
            }
        });
        assertEquals(Map.of(), repeated, "fire times with more than one task (seed " + seed + ")");

        // R35 R51: no fire skipped while some host was up.
        long first = grid;
        long last = lives.stream().mapToLong(Life::killed).max().orElseThrow();
        int required = 0;
        List<Instant> skipped = new ArrayList<>();
        for (long fire = first; fire <= last; fire += EVERY) {
            long at = fire;
            if (lives.stream().anyMatch(life -> life.ready() <= at && at <= life.killed() - KILL_MARGIN)) {
                required++;
                if (!tasksByFire.containsKey(fire)) {
                    skipped.add(Instant.ofEpochMilli(fire));
                }
            }
        }
        assertEquals(List.of(), skipped, "fire times without a task while a host was up (seed " + seed + ")");

        // R52: each stretch with every host down gave at most one task, for the latest missed fire.
        List<long[]> down = allDownStretches(lives);
        int missed = 0;
        int catchUps = 0;
        List<Long> firstAfterRestart = new ArrayList<>();
        for (long[] stretch : down) {
            List<Long> fires = new ArrayList<>();
            for (long fire = firstFireAtOrAfter(grid, stretch[0] + 1); fire < stretch[1]; fire += EVERY) {
                fires.add(fire);
            }
            missed += fires.size();
            List<Long> stored = fires.stream().filter(tasksByFire::containsKey).toList();
            assertTrue(stored.size() <= 1, "the stretch " + Instant.ofEpochMilli(stretch[0]) + " to "
                    + Instant.ofEpochMilli(stretch[1]) + " with every host down gave " + stored.size()
                    + " tasks (seed " + seed + ")");
            if (!stored.isEmpty()) {
                catchUps++;
                assertEquals(fires.get(fires.size() - 1), stored.get(0),
                        "the catch-up is for the latest missed fire (seed " + seed + ")");
            } else {
                // The first host back fired a time at or after its start: how long after, for the figures.
                Long next = tasksByFire.ceilingKey(stretch[1]);
                firstAfterRestart.add(next == null ? -1 : next - stretch[1]);
            }
        }

        Map<String, Long> killsPerHost = new LinkedHashMap<>();
        for (String host : HOSTS) {
            killsPerHost.put(host, lives.stream().filter(life -> life.host().equals(host)).count() - 1);
        }
        System.out.printf("schedule crash test across hosts: seed %d, %d rounds, kills per host %s, %d rounds with "
                        + "all hosts killed (%d stretches with every host down), tasks stored %d, distinct fire "
                        + "times %d, fire times required while some host was up %d (skipped %d), fire times missed "
                        + "while all were down %d, catch-up tasks %d (stretches whose first task was a fire at or after the restart,"
                        + " ms after it: %s), repeated fire times %d%n",
                seed, rounds, killsPerHost, allDown, down.size(),
                tasksByFire.values().stream().mapToInt(Integer::intValue).sum(), tasksByFire.size(), required,
                skipped.size(), missed, catchUps, firstAfterRestart, repeated.size());
        assertTrue(required > 0, "no fire time fell while a host was up: the test proved nothing");
        assertTrue(!down.isEmpty(), "no stretch with every host down: R52 went unchecked");
    }

    private void start(String host, Map<String, Integer> lifeNumbers) throws Exception {
        int life = lifeNumbers.merge(host, 1, Integer::sum);
        live.put(host, ChildJvm.start(dir.resolve(host + "-" + life + ".out"), ScheduleHostChild.class,
                database.url(), database.user(), database.password(), schema));
    }

    /** Waits for the host's {@code ready}, notes when it started and became ready; returns its next fire. */
    private long awaitReady(String host, Map<String, long[]> startedAndReady) throws InterruptedException {
        ChildJvm jvm = live.get(host);
        jvm.awaitPrinted("ready", READY_LIMIT);
        startedAndReady.put(host, new long[] {jvm.number("starting "), jvm.number("ready ")});
        return jvm.number("next ");
    }

    private static void assertOnGrid(long grid, long next, String host) {
        assertEquals(0, Math.floorMod(next - grid, EVERY), "host " + host + ": registering again kept the schedule's timing");
    }

    /** The stretches, {from, to} in epoch ms, from a kill that left no host up to the next start of any host. */
    private static List<long[]> allDownStretches(List<Life> lives) {
        List<long[]> stretches = new ArrayList<>();
        for (Life life : lives) {
            long from = life.killed();
            // Some host is up (started and not yet killed) at from: not a stretch with every host down.
            boolean otherUp = lives.stream().anyMatch(other -> other != life && other.started() <= from
                    && from < other.killed());
            long to = lives.stream().mapToLong(Life::started).filter(started -> started > from).min().orElse(-1);
            if (!otherUp && to > 0) {
                stretches.add(new long[] {from, to});
            }
        }
        return stretches;
    }

    /** The count of tasks of each fire time, read from their keys (R43); fails on a key off the schedule's times. */
    private TreeMap<Long, Integer> tasksByFire(long grid) throws Exception {
        TreeMap<Long, Integer> tasksByFire = new TreeMap<>();
        try (Connection connection = database.connect();
             PreparedStatement statement = connection.prepareStatement("SELECT task_key FROM \"" + schema
                     + "\".tasks WHERE owner = ? AND queue = ?")) {
            statement.setString(1, ScheduleChildren.OWNER);
            statement.setString(2, ScheduleChildren.QUEUE);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(1);
                    assertTrue(key != null && key.startsWith(KEY_PREFIX), "a fire's task without its key: " + key);
                    long fire = Instant.parse(key.substring(KEY_PREFIX.length())).toEpochMilli();
                    assertEquals(0, Math.floorMod(fire - grid, EVERY), "a fire off the schedule's times: " + key);
                    tasksByFire.merge(fire, 1, Integer::sum);
                }
            }
        }
        return tasksByFire;
    }
}
