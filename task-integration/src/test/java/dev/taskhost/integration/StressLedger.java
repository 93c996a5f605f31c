package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the stress suite's threads saw, and the invariants checked against it as each event happens.
 * A broken invariant is written down, not thrown: a worker that threw would only fail its attempt.
 * Thread-safe.
 */
final class StressLedger {
    /** One queue of the run: its config and what its workers saw. */
    static final class Lane {
        final String name;
        final QueueConfig config;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger highWater = new AtomicInteger();
        /** Start times, in the host's milliseconds; guarded by itself. */
        private final NavigableSet<Long> starts = new TreeSet<>();
        /** Clears that returned: (called at, returned at), host milliseconds. */
        final List<long[]> clears = new CopyOnWriteArrayList<>();

        Lane(String name, QueueConfig config) {
            this.name = name;
            this.config = config;
        }
    }

    /** One enqueued task: its queue, and when its enqueue returned. */
    record Enqueued(Lane lane, long returnedAt) {
    }

    /** How one attempt ended, as its worker decided. */
    record Execution(int attempt, boolean completed) {
    }

    private final Clock clock;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    final Map<String, Enqueued> tasks = new ConcurrentHashMap<>();
    final List<String> ids = new CopyOnWriteArrayList<>();
    final Map<String, List<Execution>> executions = new ConcurrentHashMap<>();
    /** Tasks whose cancel returned: none may start from then on (R18). */
    final Set<String> cancelled = ConcurrentHashMap.newKeySet();
    /** The state of tasks seen ended by a get: it never changes again. */
    final Map<String, TaskInfo> ended = new ConcurrentHashMap<>();
    final AtomicLong cancelledByClears = new AtomicLong();
    final AtomicLong checks = new AtomicLong();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    StressLedger(Clock clock, List<Lane> lanes) {
        this.clock = clock;
        lanes.forEach(lane -> this.lanes.put(lane.name, lane));
    }

    Lane lane(String name) {
        return lanes.get(name);
    }

    long now() {
        return clock.millis();
    }

    /** Checks one invariant; a broken one is noted with what was seen. */
    void check(boolean holds, String rule, Object what) {
        checks.incrementAndGet();
        if (!holds) {
            violations.add(rule + ": " + what);
        }
    }

    List<String> violations() {
        return new ArrayList<>(violations);
    }

    /** A worker starts {@code taskId}, which the host claimed at {@code startedAt} (its clock, ms). */
    void started(Lane lane, String taskId, int attempt, long startedAt) {
        int running = lane.running.incrementAndGet();
        lane.highWater.accumulateAndGet(running, Math::max);
        check(running <= lane.config.concurrency(), "R12 more running than the queue's concurrency",
                lane.name + ": " + running);
        check(!cancelled.contains(taskId), "R18 a task started after its cancel returned", taskId);
        if (!lane.config.delay().isZero()) {
            checkDelay(lane, taskId, startedAt);
        }
        if (attempt == 1) {
            checkNotCleared(lane, taskId, startedAt);
        }
    }

    void ended(Lane lane, String taskId, int attempt, boolean completed) {
        executions.computeIfAbsent(taskId, id -> new CopyOnWriteArrayList<>()).add(new Execution(attempt, completed));
        lane.running.decrementAndGet();
    }

    /** R13: consecutive starts at least the delay apart; the host keeps milliseconds, so 1 ms is allowed for. */
    private void checkDelay(Lane lane, String taskId, long startedAt) {
        long least = lane.config.delay().toMillis() - 1;
        synchronized (lane.starts) {
            Long before = lane.starts.floor(startedAt);
            Long after = lane.starts.ceiling(startedAt);
            check(before == null || startedAt - before >= least, "R13 starts closer than the delay",
                    lane.name + ": " + taskId + " at " + startedAt + ", the one before at " + before);
            check(after == null || after - startedAt >= least, "R13 starts closer than the delay",
                    lane.name + ": " + taskId + " at " + startedAt + ", the one after at " + after);
            lane.starts.add(startedAt);
        }
    }

    /**
     * R19: a task enqueued before a clear began and first started after it returned was pending all
     * through the clear, which had to cancel it.
     */
    private void checkNotCleared(Lane lane, String taskId, long startedAt) {
        Enqueued task = tasks.get(taskId);
        if (task == null) {
            return; // its enqueue has not even returned yet
        }
        for (long[] clear : lane.clears) {
            check(!(task.returnedAt() < clear[0] && clear[1] < startedAt),
                    "R19 a task pending through a clear started afterwards", taskId);
        }
    }
}
