package dev.taskhost.bench;

/**
 * The raw-SQLite limit of one run.
 *
 * @param inserts single-row insert transactions
 * @param pairs claim+finish transaction pairs; their step latency is the claim's
 */
record RawResult(RawSteps inserts, RawSteps pairs) {

    /**
     * What an enqueue-to-start needs at least on raw SQLite: one insert transaction, then one claim.
     * Added percentile by percentile (p50 to p50, p99 to p99, max to max).
     */
    LatencySample insertThenClaim() {
        return inserts.stepLatency().plus(pairs.stepLatency());
    }
}
