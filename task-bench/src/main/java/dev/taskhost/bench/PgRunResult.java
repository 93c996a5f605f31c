package dev.taskhost.bench;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Everything the PostgreSQL scenarios measured; a scenario that did not run is empty.
 *
 * @param server the server and its settings, in words
 * @param sizes the sizes the scenarios ran with
 * @param rawBefore the raw-PostgreSQL limit, measured before the scenarios
 * @param rawAfter the same, measured again after them
 * @param enqueue enqueue calls per second from 1 and 4 threads
 * @param drain4 no-op tasks per second drained at concurrency 4, by how many hosts shared the queue
 * @param crossHost enqueue-to-start at idle, enqueued on one host and run on another
 * @param dbScheduler the db-scheduler peer's figures
 * @param loadBefore the system load average (1 min) before the run; negative if unknown
 * @param loadAfter the same after the run
 * @param elapsed how long the run took
 */
record PgRunResult(String server, Sizes sizes, PgRawLimit.Result rawBefore, PgRawLimit.Result rawAfter,
                   Optional<RunResult.Enqueue> enqueue, SortedMap<Integer, Double> drain4,
                   Optional<LatencySample> crossHost, Optional<DbSchedulerBench.Result> dbScheduler, double loadBefore, double loadAfter,
                   Duration elapsed) {

    /** The raw limit every figure is compared with: the better of the two measurements. */
    PgRawLimit.Result raw() {
        return rawBefore.better(rawAfter);
    }
}
