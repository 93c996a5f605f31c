package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The manual clock the R13, R14 and R21 tests move; no SPEC rule of its own. */
class ManualClockTest {

    @Test
    void createStartsAtTheFixedInstantInUtc() {
        ManualClock clock = ManualClock.create();
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), clock.instant());
        assertEquals(ZoneOffset.UTC, clock.getZone());
        assertEquals(clock.instant().toEpochMilli(), clock.millis());
    }

    @Test
    void advanceMovesForwardAndReturnsTheNewTime() {
        ManualClock clock = ManualClock.startingAt(Instant.EPOCH);
        assertEquals(Instant.ofEpochSecond(5), clock.advance(Duration.ofSeconds(5)));
        assertEquals(Instant.ofEpochSecond(5), clock.advance(Duration.ZERO));
        assertEquals(Instant.ofEpochSecond(5), clock.instant());
    }

    @Test
    void advanceRefusesANegativeDuration() {
        ManualClock clock = ManualClock.create();
        assertThrows(IllegalArgumentException.class, () -> clock.advance(Duration.ofNanos(-1)));
        assertThrows(NullPointerException.class, () -> clock.advance(null));
        assertEquals(ManualClock.DEFAULT_START, clock.instant());
    }

    @Test
    void setMovesOnlyForward() {
        ManualClock clock = ManualClock.create();
        Instant later = ManualClock.DEFAULT_START.plusSeconds(60);
        clock.set(later);
        clock.set(later);
        assertEquals(later, clock.instant());
        IllegalArgumentException back = assertThrows(IllegalArgumentException.class,
                () -> clock.set(later.minusMillis(1)));
        assertEquals(later, clock.instant(), back.getMessage());
    }

    @Test
    void withZoneSharesTheTime() {
        ManualClock clock = ManualClock.create();
        ManualClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertEquals(ZoneId.of("Europe/Paris"), paris.getZone());
        assertSame(clock, clock.withZone(ZoneOffset.UTC));
        clock.advance(Duration.ofMinutes(1));
        assertEquals(clock.instant(), paris.instant());
        paris.advance(Duration.ofMinutes(1));
        assertEquals(ManualClock.DEFAULT_START.plusSeconds(120), clock.instant());
    }

    @Test
    void advancesFromManyThreadsAllCount() throws Exception {
        ManualClock clock = ManualClock.create();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1000; i++) {
                        clock.advance(Duration.ofMillis(1));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(ManualClock.DEFAULT_START.plusMillis(4000), clock.instant());
    }
}
