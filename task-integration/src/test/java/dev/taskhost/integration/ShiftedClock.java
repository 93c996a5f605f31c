package dev.taskhost.integration;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** The system clock, moved ahead on demand: to make finished tasks expire (R21) without waiting. */
final class ShiftedClock extends Clock {
    private final AtomicLong shiftMillis = new AtomicLong();

    void shift(Duration by) {
        shiftMillis.addAndGet(by.toMillis());
    }

    @Override
    public Instant instant() {
        return Instant.now().plusMillis(shiftMillis.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a ShiftedClock is in UTC");
    }
}
