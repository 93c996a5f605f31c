package dev.taskhost.bench;

/**
 * The raw-SQLite limit of one run.
 *
 * @param inserts single-row insert transactions
 * @param pairs claim+finish transaction pairs; their step latency is the claim's
 */
record RawResult(RawSteps inserts, RawSteps pairs) {

    /**
     * The better of two measurements, step by step: the higher rate, with its latencies. On a shared
     * machine noise only ever slows SQLite down, so the better figure is nearer the limit.
     */
    RawResult better(RawResult other) {
        return new RawResult(
                inserts.perSecond() >= other.inserts.perSecond() ? inserts : other.inserts,
                pairs.perSecond() >= other.pairs.perSecond() ? pairs : other.pairs);
    }

    /**
     * What an enqueue-to-start needs at least on raw SQLite: one insert transaction, then one claim.
     * Added percentile by percentile (p50 to p50, p99 to p99, max to max).
     */
    LatencySample insertThenClaim() {
        return inserts.stepLatency().plus(pairs.stepLatency());
    }
}
