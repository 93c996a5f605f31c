package dev.taskhost.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Told what a host does: tasks enqueued, started and ended, queues paused and resumed, runs
 * recovered and leases lost; and, every {@link TaskHost.Builder#countsRefresh}, the counts of
 * each queue this host runs. Register one with {@link TaskHost.Builder#listener}; every method does
 * nothing unless overridden.
 *
 * <p>Methods are called on the host's own threads (the scheduler, a worker, or the thread that made
 * the call an event reports), after the change is stored and outside every lock of the host, so
 * they must be quick and must not block: a metrics counter, a log line, a JFR event. A listener that
 * throws is logged and otherwise ignored: the host and the other listeners go on. Implementations
 * must be thread-safe. Events carry task ids for correlation; a metrics binding should not use
 * them as tags.
 */
public interface TaskListener {

    /** A task was stored by {@code enqueue} (not an enqueue whose key an unfinished task held, R43). */
    default void taskEnqueued(Enqueued event) {
    }

    /** A run was claimed and handed to a worker. */
    default void taskStarted(Started event) {
    }

    /** A run ended and its outcome was recorded (or, for a cancelled or lost run, dropped). */
    default void taskEnded(Ended event) {
    }

    /** A queue was paused (R44), by its owner or an operator. */
    default void queuePaused(QueueChanged event) {
    }

    /** A queue was resumed (R44), by its owner or an operator. */
    default void queueResumed(QueueChanged event) {
    }

    /** Runs left by a host that died or lost its leases were recovered (R17, R37). */
    default void runsRecovered(Recovered event) {
    }

    /** This host could no longer renew the lease of one of its runs (R37): the run is interrupted. */
    default void leaseLost(LeaseLost event) {
    }

    /** The latest counts of a queue this host runs, read from the store (R49), every refresh. */
    default void queueCounts(QueueCounts event) {
    }

    /**
     * A task stored by an enqueue.
     *
     * @param owner the owner
     * @param queue its queue
     * @param taskId the new task's id
     * @param at when it was stored, by the host's clock
     */
    record Enqueued(String owner, String queue, String taskId, Instant at) {
        /** @throws NullPointerException if a component is null */
        public Enqueued {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A run that started.
     *
     * @param owner the owner
     * @param queue its queue
     * @param taskId the task
     * @param attempt this run's attempt, 1-based
     * @param waited from the time the task became ready to the claim, by the host's clock; zero
     *     when the clock went back
     * @param at when it was claimed
     */
    record Started(String owner, String queue, String taskId, int attempt, Duration waited, Instant at) {
        /** @throws NullPointerException if a component is null */
        public Started {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(waited, "waited");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A run that ended.
     *
     * @param owner the owner
     * @param queue its queue
     * @param taskId the task
     * @param attempt the attempt that ran, 1-based
     * @param outcome how it ended
     * @param waited as {@link Started#waited()}
     * @param execution from the start of the run to its end, measured with {@link System#nanoTime()}
     * @param at when it ended, by the host's clock
     */
    record Ended(String owner, String queue, String taskId, int attempt, RunOutcome outcome, Duration waited,
                 Duration execution, Instant at) {
        /** @throws NullPointerException if a component is null */
        public Ended {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(waited, "waited");
            Objects.requireNonNull(execution, "execution");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A queue paused or resumed.
     *
     * @param owner the owner
     * @param queue the queue
     * @param at when, by the host's clock
     */
    record QueueChanged(String owner, String queue, Instant at) {
        /** @throws NullPointerException if a component is null */
        public QueueChanged {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * Runs recovered in one queue.
     *
     * @param owner the owner
     * @param queue the queue
     * @param count how many runs were recovered, at least 1
     * @param at when, by the host's clock
     */
    record Recovered(String owner, String queue, int count, Instant at) {
        /** @throws NullPointerException if a component is null */
        public Recovered {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A run whose lease this host lost.
     *
     * @param owner the owner
     * @param queue its queue
     * @param taskId the task
     * @param attempt the attempt that ran
     * @param at when the host found out, by its clock
     */
    record LeaseLost(String owner, String queue, String taskId, int attempt, Instant at) {
        /** @throws NullPointerException if a component is null */
        public LeaseLost {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(at, "at");
        }
    }

    /**
     * A queue's counts by status as the store has them (every host's tasks, R35).
     *
     * @param owner the owner
     * @param queue the queue
     * @param counts how many tasks the queue has in each status; statuses with none are absent
     * @param at when they were read, by the host's clock
     */
    record QueueCounts(String owner, String queue, Map<dev.taskhost.api.TaskStatus, Long> counts, Instant at) {
        /** @throws NullPointerException if a component is null */
        public QueueCounts {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
            counts = Map.copyOf(counts);
            Objects.requireNonNull(at, "at");
        }

        /** How many tasks the queue has in the status. */
        public long count(dev.taskhost.api.TaskStatus status) {
            return counts.getOrDefault(status, 0L);
        }
    }
}
