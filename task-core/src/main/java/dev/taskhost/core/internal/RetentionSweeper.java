package dev.taskhost.core.internal;

import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired finished tasks of every owner and queue in the store, opened this run or not
 * (R21). It sweeps at start-up, then exactly when the next finished task expires: no polling.
 * Thread-safe.
 */
final class RetentionSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    /** Tasks deleted per transaction: a large expiry never holds the store for long (R21). */
    private static final int CHUNK = 1_000;
    private static final Duration SHORTEST_RETENTION = Duration.ofMinutes(1);

    private final TaskStore store;
    private final HostThreads threads;
    private ScheduledFuture<?> timer;
    private Optional<Instant> timerAt = Optional.empty();
    private boolean stopped;

    RetentionSweeper(TaskStore store, HostThreads threads) {
        this.store = store;
        this.threads = threads;
    }

    /** Deletes what has expired now, in every owner's store, and sets the timer for the next expiry. */
    void sweep() {
        synchronized (this) {
            timerAt = Optional.empty();
        }
        Instant now = threads.now();
        Optional<Instant> next = Optional.empty();
        try {
            for (String owner : store.owners()) {
                next = earliest(next, purge(owner, now));
            }
        } catch (RuntimeException | Error e) {
            // A store failure, or a fault of the host's own code (R32): the sweep is tried again.
            LOG.error("retention sweep could not list the owners; trying again in {}", RETRY_AFTER_FAILURE, e);
            next = Optional.of(now.plus(RETRY_AFTER_FAILURE));
        }
        next.ifPresent(this::sweepAt);
    }

    /** One owner's failure (a corrupt file, R23) is logged and leaves the other owners' sweeps alone. */
    private Optional<Instant> purge(String owner, Instant now) {
        try {
            OwnerStore tasks = store.owner(owner);
            while (tasks.purgeExpired(now, CHUNK) == CHUNK) {
                Thread.onSpinWait();
            }
            return tasks.nextExpiry();
        } catch (RuntimeException | Error e) {
            LOG.error("retention sweep of owner '{}' failed; trying again in {}", owner, RETRY_AFTER_FAILURE, e);
            return Optional.of(now.plus(RETRY_AFTER_FAILURE));
        }
    }

    /**
     * Tasks of the owner finished or were cancelled, or a queue's retention changed: make sure a
     * sweep comes when the next of its finished tasks expires (R21). Never throws: the change that
     * asks for it is already stored (R32), and a failed read falls back to a sweep after the
     * shortest retention (R7), which sets the timer right.
     */
    void sweepNextExpiry(OwnerStore owner) {
        Optional<Instant> next;
        try {
            next = owner.nextExpiry();
        } catch (RuntimeException | Error e) {
            LOG.warn("reading when the next finished task expires failed; sweeping in {}", SHORTEST_RETENTION, e);
            next = Optional.of(threads.now().plus(SHORTEST_RETENTION));
        }
        next.ifPresent(this::sweepAt);
    }

    /** A task finished: make sure a sweep comes when it expires. */
    void sweepAt(Instant expiry) {
        synchronized (this) {
            if (stopped || timerAt.isPresent() && !timerAt.get().isAfter(expiry)) {
                return;
            }
            if (timer != null) {
                timer.cancel(false);
            }
            try {
                timer = threads.scheduler().schedule(this::sweep, threads.millisUntil(expiry), TimeUnit.MILLISECONDS);
                timerAt = Optional.of(expiry);
            } catch (RejectedExecutionException e) {
                stopped = true;
            }
        }
    }

    synchronized void stop() {
        stopped = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private static Optional<Instant> earliest(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isBefore(b.get()) ? a : b;
    }
}
