package dev.taskhost.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a claim may take. The store enforces the queue's limits against what it holds, so that they
 * hold across every host sharing it (R35): it claims nothing while the queue is paused (R44); at
 * most {@code concurrency} tasks of the queue run at once, counting every host's runs (R12); with a
 * {@code delay}, it claims at most one task, and only once the stored last start is at least
 * {@code delay} before {@code now}, and it stores {@code now} as the new last start in the same
 * transaction (R13, R36).
 *
 * @param queueName the queue
 * @param max the most tasks this host can start now (its free workers); 0 claims nothing
 * @param concurrency the queue's concurrency (R12)
 * @param delay the least time between two starts of the queue (R13); zero for none
 * @param now the host's time: ready times, the last start and the claimed rows' update time
 * @param lease who holds the claimed runs, and for how long (R37)
 */
public record ClaimRequest(String queueName, int max, int concurrency, Duration delay, Instant now, Lease lease) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code max} is negative or {@code concurrency} below 1
     */
    public ClaimRequest {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(lease, "lease");
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
    }
}
