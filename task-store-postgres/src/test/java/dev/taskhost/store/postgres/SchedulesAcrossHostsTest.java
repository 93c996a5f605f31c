package dev.taskhost.store.postgres;

import static dev.taskhost.store.postgres.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ScheduleFire;
import dev.taskhost.core.spi.StoredSchedule;
import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * Schedules on three real hosts in one JVM sharing one PostgreSQL schema (R35, R50, R51, R53). The
 * hosts share a {@link ManualClock}: each fire time is reached by moving the clock, and the three
 * hosts then race for the fire at once ({@code awaitIdle} on each in parallel, which fires what the
 * timers would have fired by the clock's time). Waits are bounded waits for a condition, never
 * timed assertions; the figures are printed.
 */
class SchedulesAcrossHostsTest {
    private static final String OWNER = "alpha";
    private static final String QUEUE = "q";
    private static final String NAME = "tick";
    private static final Duration EVERY = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final QueueConfig KEEPING = QueueConfig.builder().concurrency(2)
            .retention(Duration.ofDays(7)).build();

    private final TestDatabase database = TestDatabase.get();
    private final String schema = TestDatabase.freshSchema();
    private final List<TaskHost> hosts = new ArrayList<>();
    /** Fires each host's store applied (the guard let it through), by host name. */
    private final Map<String, AtomicInteger> firesWon = new ConcurrentHashMap<>();
    /** Runs of each fire's task, by task id. */
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    /** Fires a store refused: another host had applied that fire first. */
    private final AtomicInteger firesLost = new AtomicInteger();
    /** Reads of one schedule by each host's store, by host name: what a timer going off reads first. */
    private final Map<String, AtomicInteger> scheduleReads = new ConcurrentHashMap<>();
    /** The host whose store applied the latest fire. */
    private volatile String latestWinner = "";
    private final ExecutorService racers = Executors.newFixedThreadPool(3);

    @AfterEach
    void closeHosts() throws InterruptedException {
        racers.shutdownNow();
        assertTrue(racers.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS));
        try {
            hosts.forEach(TaskHost::close);
        } finally {
            database.drop(schema);
        }
    }

    /** A host whose store counts the fires it won; its worker counts each task's runs. */
    private TaskService host(String name, Clock clock) {
        TaskStoreProvider provider = WrappedStoreProvider.wrapping(database.provider(schema), "fires of " + name,
                store -> countingFires(name, store));
        TaskHost host = TaskHost.builder().store(provider).clock(clock).lease(Duration.ofSeconds(30))
                .poll(Duration.ofSeconds(1)).shutdownGrace(Duration.ZERO).build();
        hosts.add(host);
        return host.service(OWNER, 2, task -> {
            runs.computeIfAbsent(task.taskId(), id -> new AtomicInteger()).incrementAndGet();
            return "ran on " + name;
        });
    }

    private OwnerStore countingFires(String name, OwnerStore store) {
        return new ForwardingOwnerStore(store) {
            @Override
            public Optional<StoredSchedule> schedule(String schedule) {
                scheduleReads.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                return super.schedule(schedule);
            }

            @Override
            public Optional<String> fire(ScheduleFire fire) {
                Optional<String> id = super.fire(fire);
                if (id.isPresent()) {
                    firesWon.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                    latestWinner = name;
                } else {
                    firesLost.incrementAndGet();
                }
                return id;
            }
        };
    }

    @Test
    @DisplayName("R35 R51 three hosts with the same every(10 min) schedule: exactly one task per fire time, none skipped; with one host closed mid-run the other two keep firing")
    void r35_r51_threeHostsOneTaskPerFireAndTheOthersKeepFiringWhenOneCloses() throws Exception {
        ManualClock clock = ManualClock.create();
        Instant stored = clock.instant();
        List<TaskService> services = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            TaskService service = host(name, clock);
            service.createQueue(QUEUE, KEEPING);
            service.schedule(NAME, QUEUE, Schedule.every(EVERY), bytes("tick"));
            services.add(service);
        }
        // The same schedule registered again keeps its timing (R50): all three see one schedule.
        for (TaskService service : services) {
            List<ScheduleInfo> listed = service.listSchedules();
            assertEquals(1, listed.size(), listed.toString());
            assertEquals(Optional.of(stored.plus(EVERY)), listed.get(0).nextFire(), listed.toString());
        }

        List<TaskHost> live = new ArrayList<>(hosts);
        List<String> liveNames = new ArrayList<>(List.of("A", "B", "C"));
        Map<String, Integer> wonBeforeClose = Map.of();
        String closed = "";
        int fires = 12;
        for (int n = 1; n <= fires; n++) {
            clock.advance(EVERY);
            race(live);
            assertEquals(fireTimes(stored, n), fireTimes(services.get(List.of("A", "B", "C").indexOf(liveNames.get(0)))),
                    "after fire " + n);
            if (n == 6) {
                // Close the host that won the latest fire: the others must take its place.
                closed = latestWinner;
                int index = liveNames.indexOf(closed);
                live.remove(index).close();
                liveNames.remove(index);
                wonBeforeClose = snapshot();
            }
        }

        TaskService survivor = services.get(List.of("A", "B", "C").indexOf(liveNames.get(0)));
        List<TaskInfo> tasks = allTasks(survivor);
        assertEquals(fires, tasks.size(), "one task per fire time");
        for (TaskInfo task : tasks) {
            assertEquals(TaskStatus.COMPLETED, task.status(), task.toString());
            assertEquals(1, runs.get(task.id()).get(), "each fire's task ran once: " + task);
        }
        Map<String, Integer> total = snapshot();
        assertEquals(fires, total.values().stream().mapToInt(Integer::intValue).sum(),
                "the store applied one fire per fire time, whatever the host: " + total);
        assertEquals(wonBeforeClose.getOrDefault(closed, 0), total.getOrDefault(closed, 0),
                "the closed host fired nothing more");
        System.out.printf("R35 R51 schedules: %d fires of every(10 min) on 3 hosts racing at each fire time;"
                + " host %s closed after fire 6; fires won per host %s (before the close %s), fires the guard refused %d%n",
                fires, closed, total, wonBeforeClose, firesLost.get());
    }

    @Test
    @DisplayName("R35 R50 a host that created the queue but never registered the schedule fires a schedule another host stored, after that host closed")
    void r35_r50_aHostThatDidNotRegisterTheScheduleFiresItOnceTheOtherCloses() throws Exception {
        ManualClock clock = ManualClock.create();
        // C creates the queue before the schedule exists: it learns of it at its next poll, or when it
        // next fires what is due (awaitIdle with a manual clock), whichever comes first.
        TaskService onC = host("C", clock);
        onC.createQueue(QUEUE, KEEPING);
        TaskService onA = host("A", clock);
        onA.createQueue(QUEUE, KEEPING);
        Instant stored = clock.instant();
        onA.schedule(NAME, QUEUE, Schedule.every(EVERY), bytes("tick"));
        assertEquals(1, onC.listSchedules().size(), "C lists the schedule A stored (R35)");

        clock.advance(EVERY);
        race(List.of(hosts.get(1)));
        assertEquals(fireTimes(stored, 1), fireTimes(onC));
        assertEquals(Map.of("A", 1), snapshot(), "A fired the first");

        hosts.get(1).close();
        for (int n = 2; n <= 4; n++) {
            clock.advance(EVERY);
            race(List.of(hosts.get(0)));
            assertEquals(fireTimes(stored, n), fireTimes(onC), "C fired fire " + n);
        }
        assertEquals(Map.of("A", 1, "C", 3), snapshot());
        System.out.printf("R35 R50 schedules: C, which never registered the schedule, fired %s after A closed%n",
                snapshot().get("C"));
    }

    @Test
    @DisplayName("R35 R50 on the system clock, a host that created the queue after another host stored the schedule sets its own timer: it keeps firing every(1 s) after that host closed, with no awaitIdle")
    void r35_r50_timerOfAHostThatCreatedTheQueueAfterTheScheduleWasStored() throws Exception {
        TaskService onA = host("A", Clock.systemUTC());
        onA.createQueue(QUEUE, KEEPING);
        onA.schedule(NAME, QUEUE, Schedule.every(Duration.ofSeconds(1)), bytes("tick"));
        Instant anchor = onA.listSchedules().get(0).nextFire().orElseThrow().minusSeconds(1);
        TaskService onC = host("C", Clock.systemUTC());
        onC.createQueue(QUEUE, KEEPING);
        await("A's timer fired", () -> firesWon.containsKey("A"));
        hosts.get(0).close();
        int byA = snapshot().getOrDefault("A", 0);
        await("C's timer fired three times", () -> snapshot().getOrDefault("C", 0) >= 3);
        List<Instant> times = fireTimes(onC).values().stream().toList();
        for (Instant time : times) {
            long millis = Duration.between(anchor, time).toMillis();
            assertEquals(0, millis % 1000, "a fire time of the schedule: " + time);
        }
        assertEquals(times.size(), times.stream().distinct().count(), "no fire time twice: " + times);
        System.out.printf("R35 R50 timers: A fired %d, then C alone fired %s (fire times %s)%n", byA,
                snapshot().get("C"), times);
    }

    @Test
    @DisplayName("R35 R50 a host that created the queue before another host stored the schedule learns of it within one poll, with no awaitIdle, and fires it every(1 s) once that host closed")
    void r35_r50_aHostLearnsOfAScheduleAnotherHostStoredWithinOnePoll() throws Exception {
        TaskService onB = host("B", Clock.systemUTC());
        onB.createQueue(QUEUE, KEEPING);
        TaskService onA = host("A", Clock.systemUTC());
        onA.createQueue(QUEUE, KEEPING);
        long storedAt = System.nanoTime();
        onA.schedule(NAME, QUEUE, Schedule.every(Duration.ofSeconds(1)), bytes("tick"));
        Instant anchor = onA.listSchedules().get(0).nextFire().orElseThrow().minusSeconds(1);
        // Closed before its first fire, or just after: the fires from then on are B's to make.
        hosts.get(1).close();
        int byA = snapshot().getOrDefault("A", 0);
        await("B fired without being told", () -> snapshot().getOrDefault("B", 0) >= 1);
        long firstByB = System.nanoTime() - storedAt;
        await("B fired three times", () -> snapshot().getOrDefault("B", 0) >= 3);
        List<Instant> times = fireTimes(onB).values().stream().toList();
        for (Instant time : times) {
            assertEquals(0, Duration.between(anchor, time).toMillis() % 1000, "a fire time of the schedule: " + time);
        }
        assertEquals(times.size(), times.stream().distinct().count(), "no fire time twice: " + times);
        assertEquals(anchor.plusSeconds(1), times.get(0), "the first fire time has its task, by A or B: " + times);
        for (int n = 1; n < times.size(); n++) {
            assertEquals(Duration.ofSeconds(1), Duration.between(times.get(n - 1), times.get(n)),
                    "B missed no fire time: " + times);
        }
        System.out.printf("R35 R50 refresh: B, which created its queue before A stored the schedule, fired"
                + " its first %d ms after the store (poll 1 s, every 1 s); A fired %d, B %s; fire times %s%n",
                TimeUnit.NANOSECONDS.toMillis(firstByB), byA, snapshot().get("B"), times);
    }

    @Test
    @DisplayName("R35 R50 an unschedule on one host cancels the other host's timer within one poll: it fires nothing more and its timer no longer goes off")
    void r35_r50_anUnscheduleOnOneHostCancelsTheOtherHostsTimer() throws Exception {
        Duration every = Duration.ofSeconds(4);
        TaskService onA = host("A", Clock.systemUTC());
        onA.createQueue(QUEUE, KEEPING);
        onA.schedule(NAME, QUEUE, Schedule.every(every), bytes("tick"));
        // B creates its queue once the schedule is stored, and so sets its own timer for it.
        TaskService onB = host("B", Clock.systemUTC());
        onB.createQueue(QUEUE, KEEPING);
        int readsBefore = reads("B");
        await("a fire", () -> !snapshot().isEmpty());
        await("B's timer went off", () -> reads("B") > readsBefore);
        onA.unschedule(NAME);
        long unscheduledAt = System.nanoTime();
        // One poll (1 s) for B to read that the schedule is gone, and some slack.
        TimeUnit.MILLISECONDS.sleep(1_500);
        int readsByB = reads("B");
        int tasks = allTasks(onB).size();
        // Past the fire time that B's timer was set for, and a second more.
        TimeUnit.MILLISECONDS.sleep(every.toMillis() + 1_000);
        assertEquals(readsByB, reads("B"), "B's timer went off after the unschedule");
        assertEquals(tasks, allTasks(onB).size(), "a task enqueued after the unschedule");
        assertEquals(List.of(), onB.listSchedules());
        System.out.printf("R35 R50 refresh: after A's unschedule, B's timer for every(4 s) stayed quiet for %d ms;"
                + " %d fire tasks in all, fires won %s%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unscheduledAt), tasks, snapshot());
    }

    private int reads(String host) {
        return scheduleReads.getOrDefault(host, new AtomicInteger()).get();
    }

    /** Each host fires what is due at the clock's time, all three at once, and goes idle. */
    private void race(List<TaskHost> live) throws Exception {
        List<Callable<Boolean>> idle = new ArrayList<>();
        for (TaskHost host : live) {
            idle.add(() -> host.awaitIdle(WAIT));
        }
        for (Future<Boolean> result : racers.invokeAll(idle)) {
            assertTrue(result.get(), "a host did not go idle within " + WAIT);
        }
        // Another host's fire may have woken a host after its idle check: wait for the runs too.
        for (TaskHost host : live) {
            assertTrue(host.awaitIdle(WAIT), "a host did not go idle within " + WAIT);
        }
    }

    private Map<String, Integer> snapshot() {
        Map<String, Integer> copy = new TreeMap<>();
        firesWon.forEach((name, count) -> copy.put(name, count.get()));
        return copy;
    }

    private static Map<String, Instant> fireTimes(Instant stored, int upTo) {
        Map<String, Instant> expected = new TreeMap<>();
        for (int n = 1; n <= upTo; n++) {
            Instant time = stored.plus(EVERY.multipliedBy(n));
            expected.put(key(time), time);
        }
        return expected;
    }

    private static String key(Instant time) {
        return "schedule:" + NAME + "@" + time;
    }

    /** Each task's key with its fire time read from the key (R43), ordered by key. */
    private static Map<String, Instant> fireTimes(TaskService service) {
        Map<String, Instant> fires = new TreeMap<>();
        for (TaskInfo task : allTasks(service)) {
            String key = task.key().orElseThrow(() -> new AssertionError("a fire's task without a key: " + task));
            assertTrue(key.startsWith("schedule:" + NAME + "@"), key);
            Instant time = Instant.parse(key.substring(("schedule:" + NAME + "@").length()));
            assertEquals(null, fires.put(key, time), "two tasks with the key " + key);
        }
        return fires;
    }

    private static List<TaskInfo> allTasks(TaskService service) {
        List<TaskInfo> tasks = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            TaskPage page = service.listTasks(QUEUE, Optional.empty(), cursor, 100);
            tasks.addAll(page.tasks());
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return tasks;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
