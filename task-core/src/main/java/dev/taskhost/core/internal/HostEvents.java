package dev.taskhost.core.internal;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.RunOutcome;
import dev.taskhost.core.TaskListener;
import dev.taskhost.core.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the host does to its {@link TaskListener}s. Each call is made by the host where the
 * change is already stored and no lock of the host is held; with no listener it costs a list check.
 * A listener that throws is logged (with its stack the first time, then at debug) and skipped: it
 * never fails the host's step (R24, R32). Thread-safe.
 */
final class HostEvents {
    private static final Logger LOG = LoggerFactory.getLogger(HostEvents.class);
    static final HostEvents NONE = new HostEvents(List.of());

    private final List<TaskListener> listeners;
    private final Set<TaskListener> failedBefore = ConcurrentHashMap.newKeySet();

    HostEvents(List<TaskListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    boolean any() {
        return !listeners.isEmpty();
    }

    void enqueued(String owner, String queue, String taskId, Instant at) {
        if (any()) {
            TaskListener.Enqueued event = new TaskListener.Enqueued(owner, queue, taskId, at);
            fire("taskEnqueued", l -> l.taskEnqueued(event));
        }
    }

    void started(String owner, String queue, AttemptRun run) {
        if (any()) {
            TaskListener.Started event = new TaskListener.Started(owner, queue, run.task().id(), run.task().attempt(),
                    run.waited(), run.claimedAt());
            fire("taskStarted", l -> l.taskStarted(event));
        }
    }

    void ended(String owner, String queue, AttemptRun run, Outcome outcome, long endNanos) {
        if (any()) {
            TaskListener.Ended event = new TaskListener.Ended(owner, queue, run.task().id(), run.task().attempt(),
                    outcome(run, outcome), run.waited(), Duration.ofNanos(Math.max(0, endNanos - run.startNanos())),
                    outcome.at());
            fire("taskEnded", l -> l.taskEnded(event));
        }
    }

    void paused(String owner, String queue, boolean paused, Instant at) {
        if (any()) {
            TaskListener.QueueChanged event = new TaskListener.QueueChanged(owner, queue, at);
            if (paused) {
                fire("queuePaused", l -> l.queuePaused(event));
            } else {
                fire("queueResumed", l -> l.queueResumed(event));
            }
        }
    }

    void recovered(String owner, String queue, int count, Instant at) {
        if (any() && count > 0) {
            TaskListener.Recovered event = new TaskListener.Recovered(owner, queue, count, at);
            fire("runsRecovered", l -> l.runsRecovered(event));
        }
    }

    void leaseLost(String owner, String queue, AttemptRun run, Instant at) {
        if (any()) {
            TaskListener.LeaseLost event = new TaskListener.LeaseLost(owner, queue, run.task().id(),
                    run.task().attempt(), at);
            fire("leaseLost", l -> l.leaseLost(event));
        }
    }

    void counts(String owner, String queue, Map<TaskStatus, Long> counts, Instant at) {
        if (any()) {
            TaskListener.QueueCounts event = new TaskListener.QueueCounts(owner, queue, counts, at);
            fire("queueCounts", l -> l.queueCounts(event));
        }
    }

    static RunOutcome outcome(AttemptRun run, Outcome outcome) {
        if (run.leaseLost()) {
            return RunOutcome.LEASE_LOST;
        }
        if (run.cancelledWhileRunning()) {
            return RunOutcome.CANCELLED;
        }
        return switch (outcome.status()) {
            case COMPLETED -> RunOutcome.COMPLETED;
            case FAILED -> RunOutcome.FAILED;
            default -> outcome.nextAttempt() < outcome.attempt() ? RunOutcome.RELEASED : RunOutcome.RETRIED;
        };
    }

    private void fire(String method, Consumer<TaskListener> call) {
        for (TaskListener listener : listeners) {
            try {
                call.accept(listener);
            } catch (RuntimeException | Error e) {
                if (failedBefore.add(listener)) {
                    LOG.warn("listener {} threw from {}; the host goes on (logged once, then at debug)", listener,
                            method, e);
                } else {
                    LOG.debug("listener {} threw from {} again", listener, method, e);
                }
            }
        }
    }
}
