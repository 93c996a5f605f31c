package dev.taskhost.integration;

import java.util.Set;

/** Waits for a thread to end or to stop at a lock: how a test lets a racing call reach its point of contention. */
final class ThreadStates {
    private static final Set<Thread.State> PARKED = Set.of(Thread.State.BLOCKED, Thread.State.WAITING,
            Thread.State.TIMED_WAITING, Thread.State.TERMINATED);

    private ThreadStates() {
    }

    /**
     * Returns once {@code thread} has ended, or waits at a lock or condition, and has stayed so for a
     * few checks in a row (so that a passing wait of a busy thread is not taken for one).
     */
    static void awaitEndedOrParked(Thread thread) throws InterruptedException {
        int steady = 0;
        while (steady < 20) {
            steady = PARKED.contains(thread.getState()) ? steady + 1 : 0;
            Thread.sleep(1);
        }
    }
}
