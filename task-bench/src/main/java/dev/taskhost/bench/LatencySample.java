package dev.taskhost.bench;

import java.util.Arrays;

/**
 * Percentiles of a set of durations, in nanoseconds.
 *
 * @param count how many durations were measured
 * @param p50 the median
 * @param p99 the 99th percentile
 * @param max the longest
 */
record LatencySample(int count, long p50, long p99, long max) {

    /**
     * The percentiles of the first {@code count} durations of {@code nanos} (nearest rank).
     *
     * @throws IllegalArgumentException if {@code count} is not in {@code 1..nanos.length}
     */
    static LatencySample of(long[] nanos, int count) {
        if (count < 1 || count > nanos.length) {
            throw new IllegalArgumentException("count must be 1 to " + nanos.length + ", was " + count);
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return new LatencySample(count, rank(sorted, 0.50), rank(sorted, 0.99), sorted[count - 1]);
    }

    /** The sum of two samples' percentiles: a bound for two steps that run one after the other. */
    LatencySample plus(LatencySample other) {
        return new LatencySample(Math.min(count, other.count), p50 + other.p50, p99 + other.p99, max + other.max);
    }

    private static long rank(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
