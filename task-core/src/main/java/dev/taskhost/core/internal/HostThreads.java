package dev.taskhost.core.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host's clock and threads: one scheduler thread that runs every dispatch and timer (so a
 * queue's dispatch state needs no lock), one thread for retention sweeps (so that deleting many
 * expired tasks never holds up a dispatch, R21), and a pool that runs the workers.
 */
final class HostThreads {
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final ScheduledExecutorService sweeps;
    private final ExecutorService workers;
    /** Carried here, beside the clock, because every queue of the host gets this object. */
    private final HostActivity activity = new HostActivity();
    /** The host's listeners, carried here for the same reason. */
    private final HostEvents events;

    HostThreads(Clock clock) {
        this(clock, HostEvents.NONE);
    }

    HostThreads(Clock clock, HostEvents events) {
        this.clock = clock;
        this.events = events;
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, named("taskhost-scheduler"));
        // A cancelled timer must not keep its queue, and so a stopped plugin's worker, reachable.
        timers.setRemoveOnCancelPolicy(true);
        // Started now, by whoever builds the host: a thread started lazily inside a plugin's call
        // would capture the plugin's access control context (and so its class loader) for good,
        // and pass it on to every worker thread, which only the scheduler thread starts.
        timers.prestartCoreThread();
        this.scheduler = timers;
        ScheduledThreadPoolExecutor sweeping = new ScheduledThreadPoolExecutor(1, named("taskhost-sweeper"));
        sweeping.setRemoveOnCancelPolicy(true);
        sweeping.prestartCoreThread(); // for the scheduler's reason above
        this.sweeps = sweeping;
        this.workers = Executors.newCachedThreadPool(named("taskhost-worker"));
    }

    /** The clock's time, to the millisecond that stores keep. */
    Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /**
     * The clock's time rounded up to the millisecond: never before the true instant, so that a start
     * paced from it is never a fraction of a millisecond early (R13).
     */
    Instant nowRoundedUp() {
        Instant exact = clock.instant();
        Instant millis = exact.truncatedTo(ChronoUnit.MILLIS);
        return millis.equals(exact) ? millis : millis.plusMillis(1);
    }

    /** Milliseconds from now until {@code at}, at least 0; {@link Long#MAX_VALUE} past a long of them. */
    long millisUntil(Instant at) {
        try {
            return Math.max(0, Math.subtractExact(at.toEpochMilli(), clock.millis()));
        } catch (ArithmeticException farAway) {
            return Long.MAX_VALUE;
        }
    }

    /** This host's per-minute starts and ends, for the operator's charts. */
    HostActivity activity() {
        return activity;
    }

    /** This host's listeners. */
    HostEvents events() {
        return events;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The thread that runs retention sweeps and their timers, beside the scheduler. */
    ScheduledExecutorService sweeps() {
        return sweeps;
    }

    ExecutorService workers() {
        return workers;
    }

    /**
     * Stops the pools. What was submitted to the scheduler and never ran is cancelled, so that a
     * caller waiting on it (a stopOwner racing close) is woken instead of waiting for ever (R34).
     */
    void shutdown() {
        for (Runnable dropped : scheduler.shutdownNow()) {
            if (dropped instanceof Future<?> future) {
                future.cancel(false);
            }
        }
        sweeps.shutdownNow();
        workers.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(HostThreads.class.getClassLoader());
            return thread;
        };
    }
}
