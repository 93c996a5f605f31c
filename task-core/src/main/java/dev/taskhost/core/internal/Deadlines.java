package dev.taskhost.core.internal;

import java.time.Duration;

/**
 * Waits measured on {@link System#nanoTime()}, for durations of any size (R33): a wait too long
 * for a long of nanoseconds is as long as possible, never an overflow.
 */
final class Deadlines {
    /**
     * The longest wait (about 146 years): half the range of {@code nanoTime}, so that
     * {@code deadline - System.nanoTime()} stays exact even when {@code now + wait} wraps around.
     */
    static final long LONGEST_WAIT_NANOS = Long.MAX_VALUE / 2;

    private Deadlines() {
    }

    /** The {@link System#nanoTime()} at which {@code wait} from now is over. */
    static long after(Duration wait) {
        return System.nanoTime() + nanosOrLongest(wait);
    }

    /** {@code wait} in nanoseconds, at most {@link #LONGEST_WAIT_NANOS}; negative counts as none. */
    static long nanosOrLongest(Duration wait) {
        if (wait.isNegative()) {
            return 0;
        }
        if (wait.compareTo(Duration.ofNanos(LONGEST_WAIT_NANOS)) >= 0) {
            return LONGEST_WAIT_NANOS;
        }
        return wait.toNanos();
    }

    /** Whether the deadline (a {@link System#nanoTime()}) has passed. */
    static boolean passed(long deadlineNanos) {
        return deadlineNanos - System.nanoTime() <= 0;
    }
}
