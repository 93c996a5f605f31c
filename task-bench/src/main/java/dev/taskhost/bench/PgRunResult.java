package dev.taskhost.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * Everything the PostgreSQL scenarios measured; a scenario that did not run is empty.
 *
 * @param server the server and its settings, in words
 * @param sizes the sizes the scenarios ran with
 * @param rawBefore the raw-PostgreSQL limit, measured before the scenarios
 * @param rawAfter the same, measured again after them
 * @param enqueue enqueue calls per second from 1 and 4 threads
 * @param drain4 no-op tasks per second drained at concurrency 4
 * @param loadBefore the system load average (1 min) before the run; negative if unknown
 * @param loadAfter the same after the run
 * @param elapsed how long the run took
 */
record PgRunResult(String server, Sizes sizes, PgRawLimit.Result rawBefore, PgRawLimit.Result rawAfter,
                   Optional<RunResult.Enqueue> enqueue, Optional<Double> drain4, double loadBefore, double loadAfter,
                   Duration elapsed) {

    /** The raw limit every figure is compared with: the better of the two measurements. */
    PgRawLimit.Result raw() {
        return rawBefore.better(rawAfter);
    }
}
