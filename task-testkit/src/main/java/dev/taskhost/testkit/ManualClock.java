package dev.taskhost.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it, and only ever forward. Hand it to whatever reads
 * time (a {@link FakeTaskService}, a task host) and move it with {@link #advance} or {@link #set}.
 *
 * <p>Thread-safe: the time may be read and moved from any thread. A clock made by
 * {@link #withZone} shares the time of the clock it came from.
 */
public final class ManualClock extends Clock {

    /** Where {@link #create()} starts: 2026-01-01T00:00:00Z. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    private ManualClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** A clock at {@link #DEFAULT_START}, in UTC. */
    public static ManualClock create() {
        return startingAt(DEFAULT_START);
    }

    /**
     * A clock at {@code start}, in UTC.
     *
     * @throws NullPointerException if {@code start} is null
     */
    public static ManualClock startingAt(Instant start) {
        return new ManualClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
    }

    /** The current time, as last set. */
    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /**
     * A view of this clock in another zone: it shows the same instant and moves with this one.
     *
     * @throws NullPointerException if {@code zone} is null
     */
    @Override
    public ManualClock withZone(ZoneId zone) {
        Objects.requireNonNull(zone, "zone");
        return zone.equals(this.zone) ? this : new ManualClock(now, zone);
    }

    /**
     * Moves the clock forward by {@code duration}.
     *
     * @return the new time
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalArgumentException if {@code duration} is negative: the clock never goes back
     */
    public Instant advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: the clock only moves forward, was "
                    + duration);
        }
        return now.updateAndGet(current -> current.plus(duration));
    }

    /**
     * Moves the clock to {@code instant}, which may equal the current time but not be before it.
     *
     * @throws NullPointerException if {@code instant} is null
     * @throws IllegalArgumentException if {@code instant} is before the current time
     */
    public void set(Instant instant) {
        Objects.requireNonNull(instant, "instant");
        now.updateAndGet(current -> {
            if (instant.isBefore(current)) {
                throw new IllegalArgumentException("the clock only moves forward: cannot set it from "
                        + current + " back to " + instant);
            }
            return instant;
        });
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + ", " + zone + "]";
    }
}
