package dev.taskhost.store.postgres;

import static dev.taskhost.store.postgres.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.RunRef;
import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * Two real hosts in one JVM on one PostgreSQL schema: what the host does with a shared store's
 * leases, recoveries and wake-ups (R35, R37, R39, R47). Waits are bounded waits for a condition,
 * never timed assertions; the figures are printed.
 */
class TwoHostsTest {
    private static final String OWNER = "alpha";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SHORT_LEASE = Duration.ofSeconds(2);

    private final TestDatabase database = TestDatabase.get();
    private final String schema = TestDatabase.freshSchema();
    private final List<TaskHost> hosts = new ArrayList<>();
    /** Released at the end, so that no worker is left blocked. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void closeHosts() {
        release.countDown();
        try {
            hosts.forEach(TaskHost::close);
        } finally {
            database.drop(schema);
        }
    }

    private TaskHost host(Clock clock, Duration lease, Duration poll, UnaryOperator<OwnerStore> wrap) {
        TaskStoreProvider provider = WrappedStoreProvider.wrapping(database.provider(schema), "test", wrap);
        TaskHost host = TaskHost.builder().store(provider).clock(clock).lease(lease).poll(poll)
                .shutdownGrace(Duration.ZERO).build();
        hosts.add(host);
        return host;
    }

    private TaskHost host(Duration lease, Duration poll) {
        return host(Clock.systemUTC(), lease, poll, UnaryOperator.identity());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A worker that counts {@code started} down, then sleeps until interrupted, and counts {@code interrupted} down. */
    private static TaskWorker untilInterrupted(CountDownLatch started, CountDownLatch interrupted) {
        return task -> {
            started.countDown();
            try {
                TimeUnit.SECONDS.sleep(WAIT.toSeconds());
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return "not interrupted";
        };
    }

    private void awaitRelease() throws InterruptedException {
        assertTrue(release.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the test never released the worker");
    }

    @Test
    @DisplayName("R35 R12 a queue's concurrency counts the runs of both hosts: never more at once than it, though each host has workers to spare")
    void r35_concurrencyAcrossHosts() throws Exception {
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Map<String, AtomicInteger> startsByHost = new ConcurrentHashMap<>();
        List<TaskService> services = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            TaskWorker worker = task -> {
                most.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
                startsByHost.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                try {
                    TimeUnit.MILLISECONDS.sleep(15);
                } finally {
                    runningNow.decrementAndGet();
                }
                return name;
            };
            TaskService service = host(Duration.ofSeconds(30), Duration.ofSeconds(1)).service(OWNER, 8, worker);
            service.createQueue("q", QueueConfig.builder().concurrency(3).build());
            services.add(service);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(services.get(i % 2).enqueue("q", bytes("t" + i)));
        }
        await("every task completed", () -> ids.stream()
                .allMatch(id -> services.get(0).get(id).status() == TaskStatus.COMPLETED));
        System.out.printf("R35 concurrency: 60 tasks, concurrency 3 with 3 workers per host, most at once %d,"
                + " starts per host %s%n", most.get(), startsByHost);
        assertTrue(most.get() <= 3, "at most 3 ran at once across both hosts, saw " + most.get());
    }

    @Test
    @DisplayName("R35 R13 R36 a queue's delay between starts counts the starts of both hosts")
    void r35_delayAcrossHosts() throws Exception {
        ManualClock clock = ManualClock.create();
        Duration delay = Duration.ofSeconds(10);
        List<Instant> starts = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> startsByHost = new ConcurrentHashMap<>();
        List<TaskHost> both = new ArrayList<>();
        List<TaskService> services = new ArrayList<>();
        for (String name : List.of("A", "B")) {
            TaskHost host = host(clock, Duration.ofSeconds(30), Duration.ofSeconds(1), UnaryOperator.identity());
            AtomicReference<TaskService> self = new AtomicReference<>();
            TaskService service = host.service(OWNER, 4, task -> {
                // Across hosts the delay holds between claims (R35): a running task's update time is its
                // claim's. The clock itself may have moved on before a worker thread got to run.
                starts.add(self.get().get(task.taskId()).updatedAt());
                startsByHost.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                return name;
            });
            self.set(service);
            service.createQueue("q", QueueConfig.builder().concurrency(2).delay(delay).build());
            both.add(host);
            services.add(service);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(services.get(i % 2).enqueue("q", bytes("t" + i)));
        }
        for (int round = 0; starts.size() < ids.size(); round++) {
            assertTrue(round < 2000, "the tasks did not all start");
            // Five rounds per delay: a slot opens on rounds of either parity, so either host may dispatch first.
            clock.advance(Duration.ofSeconds(2));
            // Each round lets the other host dispatch first.
            assertTrue(both.get(round % 2).awaitIdle(WAIT));
            assertTrue(both.get((round + 1) % 2).awaitIdle(WAIT));
        }
        List<Instant> sorted = starts.stream().sorted().toList();
        Duration least = Duration.ofDays(1);
        for (int i = 1; i < sorted.size(); i++) {
            Duration gap = Duration.between(sorted.get(i - 1), sorted.get(i));
            least = gap.compareTo(least) < 0 ? gap : least;
            assertTrue(gap.compareTo(delay) >= 0, "starts " + (i - 1) + " and " + i + " only " + gap + " apart");
        }
        System.out.printf("R35 delay: 12 starts, delay %s, least gap %s, starts per host %s%n", delay, least,
                startsByHost);
    }

    @Test
    @DisplayName("R39 a task enqueued on one host is started by the other through its wake-up, with the poll turned off")
    void r39_wakeUpAcrossHosts() throws Exception {
        BlockingQueue<String> starts = new LinkedBlockingQueue<>();
        Duration noPoll = Duration.ofHours(1);
        TaskService onA = host(Duration.ofSeconds(30), noPoll).service(OWNER, 4, task -> {
            starts.add("A:" + text(task.payload()));
            awaitRelease();
            return "A";
        });
        onA.createQueue("q", QueueConfig.builder().concurrency(1).build());
        onA.enqueue("q", bytes("first"));
        assertEquals("A:first", starts.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        TaskService onB = host(Duration.ofSeconds(30), noPoll).service(OWNER, 4, task -> {
            starts.add("B:" + text(task.payload()));
            return "B";
        });
        // B asks for concurrency 2: one slot is left across both hosts, and A (concurrency 1, busy) cannot
        // take it. B's opening dispatch found nothing ready, and it polls once an hour: only A's
        // wake-up can start the next task on B.
        onB.createQueue("q", QueueConfig.builder().concurrency(2).build());
        long enqueued = System.nanoTime();
        String second = onA.enqueue("q", bytes("second"));
        assertEquals("B:second", starts.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        System.out.printf("R39 wake-up: enqueued on A, started on B after %.1f ms, poll 1 h%n",
                (System.nanoTime() - enqueued) / 1e6);
        await("the second task completed", () -> onB.get(second).status() == TaskStatus.COMPLETED);
    }

    @Test
    @DisplayName("R37 a run whose lease is not renewed is recovered by the other host, the attempt counting as failed with a message that the lease expired; the late outcome records nothing")
    void r37_unrenewedLeaseRecoveredByTheOtherHost() throws Exception {
        // Host A stops renewing, as a host that hung would: its renewals claim success and change nothing.
        UnaryOperator<OwnerStore> noRenewals = store -> new ForwardingOwnerStore(store) {
            @Override
            public Set<RunRef> renewLeases(Collection<RunRef> runs, Lease lease) {
                return Set.of();
            }
        };
        BlockingQueue<Long> startedOnA = new LinkedBlockingQueue<>();
        AtomicInteger runsOnA = new AtomicInteger();
        // A never polls, so the recovery is B's.
        TaskHost hostA = host(Clock.systemUTC(), SHORT_LEASE, Duration.ofHours(1), noRenewals);
        TaskService onA = hostA.service(OWNER, 4, task -> {
            runsOnA.incrementAndGet();
            startedOnA.add(System.nanoTime());
            // A hung host's worker: it ignores interrupts until the test lets it go.
            while (!release.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                Thread.onSpinWait();
            }
            return "late from A";
        });
        QueueConfig config = QueueConfig.builder().concurrency(1).maxRetries(1).build();
        onA.createQueue("q", config);
        String id = onA.enqueue("q", bytes("t"));
        Long claimed = startedOnA.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(claimed, "A started the task");

        BlockingQueue<String> seenByB = new LinkedBlockingQueue<>();
        AtomicInteger attemptOnB = new AtomicInteger();
        TaskService[] onB = new TaskService[1];
        onB[0] = host(SHORT_LEASE, Duration.ofSeconds(1)).service(OWNER, 4, task -> {
            attemptOnB.set(task.attempt());
            seenByB.add(onB[0].get(task.taskId()).message());
            return "done by B";
        });
        onB[0].createQueue("q", config);
        String recoveryMessage = seenByB.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        long restartedNanos = System.nanoTime() - claimed;
        assertNotNull(recoveryMessage, "B recovered the run and ran the task again");
        assertTrue(recoveryMessage.contains("lease") && recoveryMessage.contains("expired"), recoveryMessage);
        assertEquals(2, attemptOnB.get(), "the recovered attempt counted as failed (R14)");
        await("B's run completed", () -> onB[0].get(id).status() == TaskStatus.COMPLETED);

        release.countDown();
        await("A's worker returned and A went idle", () -> {
            try {
                return hostA.awaitIdle(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        TaskInfo after = onA.get(id);
        assertEquals(TaskStatus.COMPLETED, after.status());
        assertEquals("done by B", after.message(), "A's late outcome recorded nothing");
        assertEquals(2, after.attempt());
        assertEquals(1, runsOnA.get());
        System.out.printf("R37 recovery: claimed on A, restarted on B after %d ms (lease %d ms + poll 1000 ms"
                + " + backoff 1000 ms); message '%s'%n", restartedNanos / 1_000_000, SHORT_LEASE.toMillis(),
                recoveryMessage);
    }

    @Test
    @DisplayName("R37 R40 a host that cannot renew a lease in time (the store fails it) interrupts the run itself; the attempt fails with a message that the lease ran out")
    void r37_hostThatCannotRenewInterruptsItsRun() throws Exception {
        UnaryOperator<OwnerStore> failingRenewals = store -> new ForwardingOwnerStore(store) {
            @Override
            public Set<RunRef> renewLeases(Collection<RunRef> runs, Lease lease) {
                throw new dev.taskhost.api.TaskStoreException("the store is unreachable for renewals (test)");
            }
        };
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        TaskService onA = host(Clock.systemUTC(), SHORT_LEASE, Duration.ofSeconds(1), failingRenewals)
                .service(OWNER, 4, untilInterrupted(started, interrupted));
        onA.createQueue("q", QueueConfig.defaults());
        String id = onA.enqueue("q", bytes("t"));
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        long startedAt = System.nanoTime();
        assertTrue(interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the run was interrupted");
        long after = (System.nanoTime() - startedAt) / 1_000_000;
        await("the attempt failed", () -> onA.get(id).status() == TaskStatus.FAILED);
        String message = onA.get(id).message();
        assertTrue(message.contains("lease"), message);
        assertEquals(1, onA.get(id).attempt());
        System.out.printf("R37 unrenewable: run interrupted %d ms after it started (lease %d ms); message '%s'%n",
                after, SHORT_LEASE.toMillis(), message);
    }

    @Test
    @DisplayName("R37 a host whose clock runs 30 s ahead recovers nobody's live runs")
    void r37_clockAheadRecoversNoLiveRun() throws Exception {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch bothStarted = new CountDownLatch(2);
        TaskWorker[] workers = new TaskWorker[2];
        for (int i = 0; i < 2; i++) {
            String name = i == 0 ? "B" : "A";
            workers[i] = task -> {
                runs.computeIfAbsent(text(task.payload()), n -> new AtomicInteger()).incrementAndGet();
                bothStarted.countDown();
                awaitRelease();
                return "ran on " + name + " at attempt " + task.attempt();
            };
        }
        QueueConfig config = QueueConfig.builder().concurrency(2).maxRetries(3).build();
        TaskService onB = host(SHORT_LEASE, Duration.ofSeconds(1)).service(OWNER, 4, workers[0]);
        onB.createQueue("q", config);
        String first = onB.enqueue("q", bytes("first"));
        await("B runs the first task", () -> onB.get(first).status() == TaskStatus.RUNNING);
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofSeconds(30));
        TaskService onA = host(ahead, SHORT_LEASE, Duration.ofSeconds(1), UnaryOperator.identity())
                .service(OWNER, 4, workers[1]);
        onA.createQueue("q", config);
        String second = onA.enqueue("q", bytes("second"));
        assertTrue(bothStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS), "both tasks started");
        // Three leases and two polls with both runs live: the host ahead has polled for expired leases
        // several times by then, each judged on the database's clock.
        long window = SHORT_LEASE.multipliedBy(3).plusSeconds(2).toMillis();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(window);
        while (System.nanoTime() < end) {
            for (String id : List.of(first, second)) {
                TaskInfo info = onB.get(id);
                assertEquals(TaskStatus.RUNNING, info.status(), id + " was recovered while it ran: " + info.message());
                assertEquals(1, info.attempt());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        release.countDown();
        await("both completed", () -> onB.get(first).status() == TaskStatus.COMPLETED
                && onB.get(second).status() == TaskStatus.COMPLETED);
        assertEquals(1, onB.get(first).attempt());
        assertEquals(1, onB.get(second).attempt());
        assertEquals(1, runs.get("first").get());
        assertEquals(1, runs.get("second").get());
        System.out.printf("R37 clock ahead: 2 live runs watched for %d ms by a host 30 s ahead, none recovered%n",
                window);
    }

    @Test
    @DisplayName("R47 cancel(id, true) on one host interrupts the worker running the task on the other host")
    void r47_cancelRunningAcrossHosts() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        TaskService onA = host(Duration.ofSeconds(3), Duration.ofSeconds(1)).service(OWNER, 4,
                untilInterrupted(started, interrupted));
        onA.createQueue("q", QueueConfig.builder().maxRetries(2).build());
        String id = onA.enqueue("q", bytes("t"));
        assertTrue(started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        TaskService onB = host(Duration.ofSeconds(3), Duration.ofSeconds(1)).service(OWNER, 4, task -> "B");
        long cancelled = System.nanoTime();
        onB.cancel(id, true);
        assertTrue(interrupted.await(WAIT.toSeconds(), TimeUnit.SECONDS), "A's worker was interrupted");
        System.out.printf("R47 across hosts: cancelled on B, A's worker interrupted after %d ms (lease 3 s,"
                + " renewed every 1 s)%n", (System.nanoTime() - cancelled) / 1_000_000);
        assertEquals(TaskStatus.CANCELLED, onB.get(id).status());
        assertEquals(TaskStatus.CANCELLED, onA.get(id).status());
        assertEquals(1, onA.get(id).attempt(), "never retried");
    }
}
