package dev.taskhost.core.internal;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker thread whose run ended, waiting for the dispatch pass that records its outcome to hand
 * it the next run, so that the run starts on this thread rather than on another one woken for it.
 * Exactly one of {@link #give}, {@link #none} or {@link #withdraw} takes effect.
 */
final class NextRunWait {
    private static final Object NONE = new Object();
    private static final Object WITHDRAWN = new Object();

    private final Thread thread = Thread.currentThread();
    /** Null while waiting; then the run given, {@link #NONE} or {@link #WITHDRAWN}. */
    private final AtomicReference<Object> verdict = new AtomicReference<>();

    /**
     * Hands {@code run} to the waiting thread.
     *
     * @return false if the thread no longer waits: the caller is to start the run elsewhere
     */
    boolean give(AttemptRun run) {
        return settle(run);
    }

    /** Tells the waiting thread that no run comes for it. */
    void none() {
        settle(NONE);
    }

    /** The waiting thread gives up (an interrupt): a run given after this goes elsewhere. */
    AttemptRun withdraw() {
        verdict.compareAndSet(null, WITHDRAWN);
        return taken();
    }

    boolean decided() {
        return verdict.get() != null;
    }

    /** The run given, or null if none was (or not yet). */
    AttemptRun taken() {
        return verdict.get() instanceof AttemptRun run ? run : null;
    }

    /** Parks the waiting thread until a verdict, an unpark or an interrupt. */
    void park() {
        if (!decided()) {
            LockSupport.park(this);
        }
    }

    /** Whether the waiting thread is the current one. */
    boolean onThisThread() {
        return thread == Thread.currentThread();
    }

    /**
     * Wakes the waiting thread, for it to make the next pass itself.
     *
     * @return false if it no longer waits
     */
    boolean nudge() {
        if (decided()) {
            return false;
        }
        LockSupport.unpark(thread);
        return true;
    }

    private boolean settle(Object value) {
        if (!verdict.compareAndSet(null, value)) {
            return false;
        }
        if (!onThisThread()) {
            LockSupport.unpark(thread);
        }
        return true;
    }
}
