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
 * Timed sweeps run on the host's sweeper thread, never on the scheduler that starts tasks, and
 * delete in small chunks, each its own write: a dispatch waits for one chunk at most, never for a
 * whole expiry of a million tasks. Thread-safe.
 */
final class RetentionSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);
    /**
     * Tasks deleted per write: a large expiry never holds the store for long (R21). A chunk costs
     * tens of microseconds per row (every index entry of the row goes too), and a start may wait for
     * one chunk: this many keep that wait to a few milliseconds.
     */
    static final int CHUNK = 100;
    /**
     * The least pause between two chunks. Without one, the sweeping thread takes the database again
     * before a dispatch waiting for it wakes up, and starts wait for the whole expiry.
     */
    private static final long MIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
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

    /**
     * Deletes what has expired now, in every owner's store, and sets the timer for the next expiry.
     * Called at start-up and by awaitIdle, where nothing is dispatching yet or the caller waits for
     * it: the chunks follow each other without a pause.
     */
    void sweep() {
        sweep(false);
    }

    /** The timer's sweep, on the sweeper thread: it pauses between chunks for the dispatches. */
    private void sweepPaced() {
        sweep(true);
    }

    private void sweep(boolean paced) {
        synchronized (this) {
            timerAt = Optional.empty();
        }
        Instant now = threads.now();
        Optional<Instant> next = Optional.empty();
        try {
            for (String owner : store.owners()) {
                next = earliest(next, purge(owner, now, paced));
            }
        } catch (RuntimeException | Error e) {
            // A store failure, or a fault of the host's own code (R32): the sweep is tried again.
            LOG.error("retention sweep could not list the owners; trying again in {}", RETRY_AFTER_FAILURE, e);
            next = Optional.of(now.plus(RETRY_AFTER_FAILURE));
        }
        next.ifPresent(this::sweepAt);
    }

    /** One owner's failure (a corrupt file, R23) is logged and leaves the other owners' sweeps alone. */
    private Optional<Instant> purge(String owner, Instant now, boolean paced) {
        try {
            OwnerStore tasks = store.owner(owner);
            // Between chunks, a paced sweep pauses as long as the last chunk took (at least a
            // millisecond), so it takes half the store's time at most; a closing host stops it.
            while (true) {
                long began = System.nanoTime();
                if (tasks.purgeExpired(now, CHUNK) < CHUNK || isStopped()
                        || paced && !pause(Math.max(MIN_PAUSE_NANOS, System.nanoTime() - began))) {
                    break;
                }
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
                timer = threads.sweeps().schedule(this::sweepPaced, threads.millisUntil(expiry), TimeUnit.MILLISECONDS);
                timerAt = Optional.of(expiry);
            } catch (RejectedExecutionException e) {
                stopped = true;
            }
        }
    }

    /** @return false if interrupted: the host is closing, and the sweep ends (the interrupt is kept) */
    private static boolean pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
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
