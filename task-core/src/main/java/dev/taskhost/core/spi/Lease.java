package dev.taskhost.core.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * Who holds a run, and for how long a claim or a renewal holds it (R37). The store stamps the
 * expiry on its own clock (now + {@code duration}), so hosts whose clocks disagree never judge each
 * other's leases.
 *
 * @param holder the host's id, unique per running host (a fresh random id per {@code TaskHost})
 * @param duration how long the lease lasts without a renewal; positive
 */
public record Lease(String holder, Duration duration) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code duration} is not positive
     */
    public Lease {
        Objects.requireNonNull(holder, "holder");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + duration);
        }
    }
}
