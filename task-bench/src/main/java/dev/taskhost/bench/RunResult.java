package dev.taskhost.bench;

import dev.taskhost.store.sqlite.Durability;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything one durability setting's run measured; a scenario that did not run is empty.
 *
 * @param durability the store's and the raw connections' setting
 * @param sizes the sizes the scenarios ran with
 * @param rawBefore the raw-SQLite limit on both tables, measured before the scenarios
 * @param rawAfter the same, measured again after them
 * @param enqueue enqueue calls per second
 * @param drain drain rates
 * @param latency enqueue-to-start latencies
 * @param backlog the big-backlog figures
 * @param loadBefore the system load average (1 min) before the run; negative if unknown
 * @param loadAfter the same after the run
 * @param elapsed how long the run took
 */
record RunResult(Durability durability, Sizes sizes, RawReference rawBefore, RawReference rawAfter, Optional<Enqueue> enqueue,
                 Optional<Drain> drain, Optional<Latency> latency, Optional<BacklogBench.Result> backlog,
                 Optional<ManyOwnersBench.Result> owners,
                 double loadBefore, double loadAfter, Duration elapsed) {

    /** The raw limit every figure is compared with: the better of the two measurements. */
    RawReference raw() {
        return rawBefore.better(rawAfter);
    }

    /**
     * Enqueue calls per second.
     *
     * @param oneThread from 1 thread
     * @param fourThreads from 4 threads
     */
    record Enqueue(double oneThread, double fourThreads) {
    }

    /**
     * No-op tasks per second from a backlog.
     *
     * @param concurrency1 at concurrency 1
     * @param concurrency4 at concurrency 4
     */
    record Drain(double concurrency1, double concurrency4) {
    }

    /**
     * Enqueue-to-start latencies.
     *
     * @param idle at an idle host
     * @param loaded under a steady load
     * @param loadSource where the load's rate came from, in words
     */
    record Latency(LatencySample idle, LatencyBench.Loaded loaded, String loadSource) {
    }
}
