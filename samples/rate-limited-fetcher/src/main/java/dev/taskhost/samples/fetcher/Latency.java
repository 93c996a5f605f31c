package dev.taskhost.samples.fetcher;

import java.time.Duration;

/** How the simulated API spends its response time; tests pass one that returns at once. */
@FunctionalInterface
interface Latency {

    /** Sleeps on the calling thread, so that the host's timeout and shutdown can interrupt it. */
    Latency SLEEP = duration -> Thread.sleep(duration.toMillis());

    /** Takes {@code duration}; throws if interrupted on the way. */
    void take(Duration duration) throws InterruptedException;
}
