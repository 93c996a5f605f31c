package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.integration.StressLedger.Execution;
import dev.taskhost.integration.StressLedger.Lane;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stress suite: 8 threads enqueue, cancel, clear and get at random against a running host with
 * three queues, while its worker sleeps a few milliseconds and sometimes throws. Invariants are
 * checked as each event happens (R12, R13, R18, R19), and the counts must add up at the end (R14).
 *
 * <p>System properties: {@code stress.seconds} (30), {@code stress.seed} (random; printed). The seed
 * fixes each thread's choices, not the interleaving.
 */
@Tag("stress")
class StressSuiteTest {
    private static final Duration DURATION = Duration.ofSeconds(Long.getLong("stress.seconds", 30));
    private static final int THREADS = 8;
    private static final String NO_SUCH_QUEUE = "never-created";

    @TempDir
    Path data;

    private final Clock clock = Clock.systemUTC();
    private final List<Lane> lanes = List.of(
            new Lane("wide", QueueConfig.builder().concurrency(4).maxRetries(2).backoff(Duration.ofMillis(5)).build()),
            // A delay shorter than a run, so that runs overlap and both R12 and R13 bind.
            new Lane("paced", QueueConfig.builder().concurrency(2).maxRetries(1).backoff(Duration.ofMillis(10))
                    .delay(Duration.ofMillis(2)).build()),
            new Lane("single", QueueConfig.builder().concurrency(1).maxRetries(3).backoff(Duration.ofMillis(1))
                    .delay(Duration.ofMillis(20)).build()));
    private final StressLedger ledger = new StressLedger(clock, lanes);
    private final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
    private final AtomicLong cancelsThatCancelled = new AtomicLong();
    private TaskService service;

    @Test
    void r12_r13_r18_r19_invariantsHoldUnderConcurrentLoadAndTheCountsAddUp() throws Exception {
        long seed = Long.getLong("stress.seed", System.nanoTime());
        System.out.printf("stress suite: seed %d (replay the threads' choices with -Dstress.seed=%d), %s%n",
                seed, seed, DURATION);
        try (TaskHost host = TaskHost.builder().dataDirectory(data).clock(clock).build()) {
            int budget = lanes.stream().mapToInt(lane -> lane.config.concurrency()).sum();
            service = host.service("stress", budget, this::work);
            for (Lane lane : lanes) {
                service.createQueue(lane.name, lane.config);
            }
            runThreads(seed);
            drain(host);
            checkCounts();
        }
    }

    private void runThreads(long seed) throws Exception {
        long end = System.nanoTime() + DURATION.toNanos();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                Random random = new Random(seed + i);
                running.add(threads.submit(() -> {
                    while (System.nanoTime() - end < 0) {
                        operate(random);
                        // A breath between operations, so the workers get the database too.
                        TimeUnit.MICROSECONDS.sleep(random.nextInt(2_000));
                    }
                    return null;
                }));
            }
            for (Future<?> thread : running) {
                thread.get(DURATION.toSeconds() + 60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private void operate(Random random) {
        int roll = random.nextInt(1000);
        if (roll < 400) {
            enqueue(lanes.get(random.nextInt(lanes.size())), random);
        } else if (roll < 700) {
            randomId(random).ifPresent(this::get);
        } else if (roll < 990) {
            randomId(random).ifPresent(this::cancel);
        } else if (roll < 995) {
            clear(lanes.get(random.nextInt(lanes.size())));
        } else {
            count("enqueue to a queue never created");
            try {
                service.enqueue(NO_SUCH_QUEUE, new byte[0]);
                ledger.check(false, "R8 enqueue to a queue never created", NO_SUCH_QUEUE);
            } catch (QueueNotFoundException expected) {
                ledger.check(true, "R8", NO_SUCH_QUEUE);
            }
        }
    }

    private void enqueue(Lane lane, Random random) {
        count("enqueue");
        byte[] payload = new byte[random.nextInt(64)];
        random.nextBytes(payload);
        String id = service.enqueue(lane.name, payload);
        ledger.tasks.put(id, new StressLedger.Enqueued(lane, ledger.now()));
        ledger.ids.add(id);
    }

    /** A known task: most often a recent one, which is more likely still pending. */
    private Optional<String> randomId(Random random) {
        List<String> ids = ledger.ids;
        int size = ids.size();
        if (size == 0) {
            return Optional.empty();
        }
        int index = random.nextInt(10) < 7 ? Math.max(0, size - 1 - random.nextInt(Math.min(size, 100)))
                : random.nextInt(size);
        return Optional.of(ids.get(index));
    }

    private void get(String id) {
        count("get");
        TaskInfo endedBefore = ledger.ended.get(id);
        TaskInfo info = service.get(id);
        Lane lane = ledger.tasks.get(id).lane();
        ledger.check(info.attempt() >= 0 && info.attempt() <= lane.config.maxRetries() + 1,
                "R14 at most maxRetries + 1 attempts", info);
        ledger.check(endedBefore == null || endedBefore.equals(info), "R20 an ended task never changes",
                endedBefore + " then " + info);
        if (info.status().isTerminal()) {
            ledger.ended.putIfAbsent(id, info);
        }
    }

    private void cancel(String id) {
        count("cancel");
        TaskInfo endedBefore = ledger.ended.get(id);
        try {
            service.cancel(id);
            ledger.check(endedBefore == null, "R18 cancel of an ended task must throw", endedBefore);
            ledger.cancelled.add(id);
            cancelsThatCancelled.incrementAndGet();
        } catch (TaskNotCancellableException e) {
            boolean namesStatus = endedBefore != null ? e.getMessage().contains(endedBefore.status().name())
                    : !e.getMessage().contains(TaskStatus.PENDING.name() + ";");
            ledger.check(namesStatus, "R18 the refusal names the status", e.getMessage());
        }
    }

    private void clear(Lane lane) {
        count("clear");
        long calledAt = ledger.now();
        long cleared = service.clearQueue(lane.name);
        lane.clears.add(new long[] {calledAt, ledger.now()});
        ledger.cancelledByClears.addAndGet(cleared);
    }

    private String work(Task task) throws Exception {
        Lane lane = ledger.lane(task.queueName());
        // The host keeps a running task's start as its updatedAt: the host's clock, in milliseconds.
        TaskInfo self = service.get(task.taskId());
        ledger.check(self.status() == TaskStatus.RUNNING && self.attempt() == task.attempt(),
                "R20 a running task's get says running, at its attempt", self);
        ledger.started(lane, task.taskId(), task.attempt(), self.updatedAt().toEpochMilli());
        boolean completed = false;
        try {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            if (random.nextInt(20) == 0) {
                try {
                    service.cancel(task.taskId());
                    ledger.check(false, "R18 cancel of a running task must throw", task.taskId());
                } catch (TaskNotCancellableException e) {
                    ledger.check(e.getMessage().contains("RUNNING"), "R18 the refusal names the status",
                            e.getMessage());
                }
            }
            TimeUnit.MICROSECONDS.sleep(random.nextInt(5_000));
            if (random.nextInt(4) == 0) {
                throw new IllegalStateException("unlucky attempt " + task.attempt());
            }
            completed = true;
            return "lucky attempt " + task.attempt();
        } finally {
            ledger.ended(lane, task.taskId(), task.attempt(), completed);
        }
    }

    /** Cancels what is left pending and waits for the runs to end; runs that fail may retry, so again. */
    private void drain(TaskHost host) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            for (Lane lane : lanes) {
                clear(lane);
            }
            assertTrue(host.awaitIdle(Duration.ofMinutes(1)), "the host did not go idle");
            if (ledger.ids.stream().allMatch(id -> service.get(id).status().isTerminal())) {
                return;
            }
            assertTrue(System.nanoTime() - deadline < 0, "tasks still not ended after 2 minutes");
        }
    }

    private void checkCounts() {
        Map<TaskStatus, Long> byStatus = new EnumMap<>(TaskStatus.class);
        long executions = 0;
        for (String id : ledger.ids) {
            TaskInfo info = service.get(id);
            byStatus.merge(info.status(), 1L, Long::sum);
            List<Execution> runs = ledger.executions.getOrDefault(id, List.of());
            executions += runs.size();
            checkTask(id, info, runs);
        }
        long cancels = cancelsThatCancelled.get();
        ledger.check(byStatus.getOrDefault(TaskStatus.CANCELLED, 0L) == cancels + ledger.cancelledByClears.get(),
                "R18 R19 every cancelled task was cancelled by one cancel or clear",
                byStatus + " vs " + cancels + " cancels, " + ledger.cancelledByClears + " by clears");
        ledger.check(byStatus.values().stream().mapToLong(Long::longValue).sum() == ledger.ids.size(),
                "R20 every enqueued task is found", byStatus);

        List<String> violations = ledger.violations();
        System.out.printf("stress suite: %s, operations run %d (%s; %d cancels cancelled, clears cancelled %d), "
                        + "executions %d, invariant checks made %d, tasks %s, high-water marks %s, violations %d%n",
                DURATION, operations.values().stream().mapToLong(AtomicLong::get).sum(),
                operations.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .sorted().collect(Collectors.joining(", ")),
                cancels, ledger.cancelledByClears.get(), executions, ledger.checks.get(), byStatus,
                lanes.stream().map(lane -> lane.name + " " + lane.highWater + "/" + lane.config.concurrency())
                        .collect(Collectors.joining(", ")),
                violations.size());
        assertEquals(List.of(), violations.subList(0, Math.min(20, violations.size())));
    }

    /** R14 task by task: attempts 1..n ran once each, and the status follows from how the last one ended. */
    private void checkTask(String id, TaskInfo info, List<Execution> runs) {
        QueueConfig config = ledger.tasks.get(id).lane().config;
        List<Integer> attempts = runs.stream().map(Execution::attempt).sorted().toList();
        ledger.check(attempts.equals(IntStream.rangeClosed(1, info.attempt()).boxed().toList()),
                "R14 each attempt up to the last ran exactly once", id + ": " + info + ", " + runs);
        Execution last = runs.stream().filter(run -> run.attempt() == info.attempt()).findFirst().orElse(null);
        switch (info.status()) {
            case COMPLETED -> ledger.check(last != null && last.completed()
                            && info.message().equals("lucky attempt " + info.attempt()),
                    "R16 completed by its last attempt", info);
            case FAILED -> ledger.check(last != null && !last.completed()
                            && info.attempt() == config.maxRetries() + 1
                            && info.message().equals("unlucky attempt " + info.attempt()),
                    "R14 failed once the retries ran out", info);
            case CANCELLED -> ledger.check(last == null || !last.completed() && info.attempt() <= config.maxRetries(),
                    "R18 cancelled only while pending", info + ", " + runs);
            default -> ledger.check(false, "every task ended", info);
        }
    }

    private void count(String operation) {
        operations.computeIfAbsent(operation, name -> new AtomicLong()).incrementAndGet();
    }
}
