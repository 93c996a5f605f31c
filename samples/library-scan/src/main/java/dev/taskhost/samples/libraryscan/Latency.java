package dev.taskhost.samples.libraryscan;

import java.time.Duration;

/** How the simulated library spends the time a file takes to scan; tests pass one that returns at once. */
@FunctionalInterface
interface Latency {

    /** Sleeps on the calling thread, so that a cancel (R47), the timeout and shutdown can interrupt it. */
    Latency SLEEP = duration -> Thread.sleep(duration.toMillis());

    /** Takes {@code duration}; throws if interrupted on the way. */
    void take(Duration duration) throws InterruptedException;
}
