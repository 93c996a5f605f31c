package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The races suite (R34): rounds of one host each, on real SQLite files, where several threads call
 * {@code service}, {@code createQueue}, {@code enqueue}, {@code stopOwner} and {@code close} at
 * random (seeded) on a few owners and queues. Checked on every worker start: no worker of a service
 * starts after a {@code stopOwner} that began once the service existed has returned, nor after
 * {@code close} returned; after each round, on a new host: no task ran twice, none was recovered
 * as crashed (R17), every enqueue that returned is stored.
 * {@code -Draces.seed}, {@code -Draces.rounds} and {@code -Draces.iterations} (per thread and round)
 * change the run.
 */
@Tag("races")
class RaceSuiteTest {
    private static final int THREADS = 4;
    private static final List<String> OWNERS = List.of("alpha", "beta", "gamma");
    private static final List<String> QUEUES = List.of("one", "two", "three");
    private static final QueueConfig CONFIG = QueueConfig.builder().concurrency(2).build();

    @TempDir
    Path data;

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong starts = new AtomicLong();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** One service a thread got, and whether a stopOwner or close that must have stopped it has returned. */
    private static final class Tracked {
        final String owner;
        final long returnedAt;
        final TaskService service;
        volatile boolean stopped;

        Tracked(String owner, long returnedAt, TaskService service) {
            this.owner = owner;
            this.returnedAt = returnedAt;
            this.service = service;
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)  // a hung lifecycle call fails the suite, with a thread dump in the report
    void r34_lifecycleCallsRacingFromSeveralThreadsNeverLeaveAQueueRunningOrRecoverALiveRun() throws Exception {
        long seed = Long.getLong("races.seed", System.nanoTime());
        int rounds = Integer.getInteger("races.rounds", 200);
        int iterations = Integer.getInteger("races.iterations", 60);
        System.out.printf("races suite: seed %d (replay with -Draces.seed=%d), %d rounds of %d threads x %d iterations%n",
                seed, seed, rounds, THREADS, iterations);
        Random seeds = new Random(seed);
        long enqueued = 0;
        for (int round = 0; round < rounds; round++) {
            enqueued += round(Files.createDirectory(data.resolve("round-" + round)), seeds.nextLong(), iterations);
        }
        System.out.printf("races suite: seed %d, iterations %d, calls %d (refused as the rules say %d), "
                        + "tasks enqueued %d, worker starts %d, violations %d%n",
                seed, (long) rounds * THREADS * iterations, calls.get(), refused.get(), enqueued, starts.get(),
                violations.size());
        assertEquals(List.of(), violations.subList(0, Math.min(20, violations.size())), "seed " + seed);
    }

    /** One host, {@link #THREADS} threads racing on it; returns how many enqueues returned. */
    private long round(Path dir, long seed, int iterations) throws Exception {
        AtomicLong clock = new AtomicLong();
        List<Tracked> services = new CopyOnWriteArrayList<>();
        Map<String, AtomicReference<Tracked>> current = new ConcurrentHashMap<>();
        OWNERS.forEach(owner -> current.put(owner, new AtomicReference<>()));
        Set<String> ids = ConcurrentHashMap.newKeySet();
        TaskHost host = TaskHost.builder().dataDirectory(dir).shutdownGrace(Duration.ofSeconds(30)).build();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Random random = new Random(seed + t);
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < iterations; i++) {
                        step(host, random, clock, services, current, ids);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "racer-" + t);
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        close(host, services);
        checkStored(dir, ids);
        return ids.size();
    }

    private void step(TaskHost host, Random random, AtomicLong clock, List<Tracked> services,
                      Map<String, AtomicReference<Tracked>> current, Set<String> ids) {
        String owner = OWNERS.get(random.nextInt(OWNERS.size()));
        String queue = QUEUES.get(random.nextInt(QUEUES.size()));
        int op = random.nextInt(100);
        calls.incrementAndGet();
        try {
            if (op < 20) {
                AtomicReference<Tracked> self = new AtomicReference<>();
                TaskService service = host.service(owner, 4, task -> {
                    starts.incrementAndGet();
                    Tracked tracked = self.get();
                    if (tracked != null && tracked.stopped) {
                        violations.add("a worker of owner '" + owner + "' started after its stopOwner or close"
                                + " returned: task " + task.taskId());
                    }
                    if (runs.computeIfAbsent(task.taskId(), id -> new AtomicInteger()).incrementAndGet() > 1) {
                        violations.add("task " + task.taskId() + " ran twice");
                    }
                    if (random.nextInt(4) == 0) {
                        Thread.sleep(1);
                    }
                    return "ran";
                });
                Tracked tracked = new Tracked(owner, clock.incrementAndGet(), service);
                self.set(tracked);
                services.add(tracked);
                current.get(owner).set(tracked);
            } else if (op < 40) {
                Tracked tracked = current.get(owner).get();
                if (tracked != null) {
                    tracked.service.createQueue(queue, CONFIG);
                }
            } else if (op < 92) {
                Tracked tracked = current.get(owner).get();
                if (tracked != null) {
                    ids.add(tracked.service.enqueue(queue, new byte[0]));
                }
            } else if (op < 99) {
                long began = clock.incrementAndGet();
                host.stopOwner(owner);
                // Every service of the owner that existed before this stop began is stopped now.
                for (Tracked tracked : services) {
                    if (tracked.owner.equals(owner) && tracked.returnedAt < began) {
                        tracked.stopped = true;
                    }
                }
            } else {
                close(host, services);
            }
        } catch (IllegalStateException | QueueExistsException | QueueNotFoundException expected) {
            // Stopped owners, a closed host, a spent budget, a queue created twice or not yet.
            refused.incrementAndGet();
        } catch (RuntimeException unexpected) {
            violations.add("unexpected " + unexpected);
        }
    }

    private static void close(TaskHost host, List<Tracked> services) {
        host.close();
        services.forEach(tracked -> tracked.stopped = true);
    }

    /** R32, R17: every enqueue that returned is stored; none was recovered as crashed or ran twice. */
    private void checkStored(Path dir, Set<String> ids) {
        try (TaskHost host = TaskHost.builder().dataDirectory(dir).build()) {
            Map<String, TaskService> readers = new ConcurrentHashMap<>();
            for (String id : ids) {
                TaskInfo info = null;
                for (String owner : OWNERS) {
                    try {
                        info = readers.computeIfAbsent(owner, o -> host.service(o, 1, task -> "")).get(id);
                        break;
                    } catch (dev.taskhost.api.TaskNotFoundException otherOwners) {
                        // R2: the task belongs to another owner.
                    }
                }
                if (info == null) {
                    violations.add("enqueued task " + id + " is not stored (R32)");
                } else if (info.status() == TaskStatus.FAILED || info.message().contains("R17")) {
                    violations.add("task " + id + " was recovered as crashed (R17, R34): " + info);
                } else if (info.status() != TaskStatus.PENDING && info.status() != TaskStatus.COMPLETED) {
                    violations.add("task " + id + " ended " + info);
                }
            }
        }
    }
}
