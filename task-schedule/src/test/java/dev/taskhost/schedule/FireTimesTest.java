package dev.taskhost.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FireTimesTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Instant ANCHOR = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Instant> fires(Schedule schedule, Instant from, Instant to) {
        List<Instant> fires = new ArrayList<>();
        Optional<Instant> fire = FireTimes.next(schedule, ANCHOR, from);
        while (fire.isPresent() && !fire.get().isAfter(to)) {
            fires.add(fire.get());
            fire = FireTimes.next(schedule, ANCHOR, fire.get());
        }
        return fires;
    }

    @Test
    void r50_everyCountsFromTheAnchor() {
        Schedule every = Schedule.every(Duration.ofMinutes(10));
        assertEquals(List.of(Instant.parse("2026-01-01T00:10:00Z"), Instant.parse("2026-01-01T00:20:00Z")),
                fires(every, ANCHOR, Instant.parse("2026-01-01T00:25:00Z")));
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:20:00Z")),
                FireTimes.next(every, ANCHOR, Instant.parse("2026-01-01T00:10:00Z")));
    }

    @Test
    void r50_cronFiveFieldsAndSixWithSeconds() {
        assertEquals(Optional.of(Instant.parse("2026-01-01T08:00:00Z")),
                FireTimes.next(Schedule.cron("0 8 * * *"), ANCHOR, ANCHOR));
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:00:30Z")),
                FireTimes.next(Schedule.cron("30 * * * * *"), ANCHOR, ANCHOR));
        // In Berlin, 08:00 in winter is 07:00 UTC.
        assertEquals(Optional.of(Instant.parse("2026-01-01T07:00:00Z")),
                FireTimes.next(Schedule.cron("0 8 * * *", BERLIN), ANCHOR, ANCHOR));
    }

    @Test
    void r50_dstSpringForwardFiresOnceAtTheFirstValidInstant() {
        // 2026-03-29: Berlin skips 02:00-03:00 CET; 03:00 CEST is 01:00 UTC.
        Schedule daily = Schedule.cron("30 2 * * *", BERLIN);
        List<Instant> fires = fires(daily, Instant.parse("2026-03-27T12:00:00Z"), Instant.parse("2026-03-30T12:00:00Z"));
        assertEquals(List.of(Instant.parse("2026-03-28T01:30:00Z"), Instant.parse("2026-03-29T01:00:00Z"),
                Instant.parse("2026-03-30T00:30:00Z")), fires);
    }

    @Test
    void r50_dstAutumnFiresOnceOnTheRepeatedHour() {
        // 2026-10-25: Berlin repeats 02:00-03:00; the first 02:30 is CEST, 00:30 UTC.
        Schedule daily = Schedule.cron("30 2 * * *", BERLIN);
        List<Instant> fires = fires(daily, Instant.parse("2026-10-23T12:00:00Z"), Instant.parse("2026-10-26T12:00:00Z"));
        assertEquals(List.of(Instant.parse("2026-10-24T00:30:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
                Instant.parse("2026-10-26T01:30:00Z")), fires);
    }

    @Test
    void r52_latestDueIsTheLatestMissedFire() {
        Schedule every = Schedule.every(Duration.ofMinutes(10));
        assertEquals(Optional.of(Instant.parse("2026-01-01T00:50:00Z")),
                FireTimes.latestDue(every, ANCHOR, ANCHOR, Instant.parse("2026-01-01T00:55:00Z")));
        assertEquals(Optional.empty(),
                FireTimes.latestDue(every, ANCHOR, Instant.parse("2026-01-01T00:50:00Z"), Instant.parse("2026-01-01T00:55:00Z")));
        Schedule hourly = Schedule.cron("0 * * * *", BERLIN);
        assertEquals(Optional.of(Instant.parse("2026-01-01T05:00:00Z")),
                FireTimes.latestDue(hourly, ANCHOR, ANCHOR, Instant.parse("2026-01-01T05:30:00Z")));
        // In the repeated hour's second pass, the latest fire is 02:55 of the first pass (00:55 UTC).
        Schedule fiveMinutes = Schedule.cron("*/5 * * * *", BERLIN);
        assertEquals(Optional.of(Instant.parse("2026-10-25T00:55:00Z")), FireTimes.latestDue(fiveMinutes, ANCHOR,
                Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-25T01:10:00Z")));
    }

    @Test
    void r54_aBadFieldIsNamedWithTheExpression() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FireTimes.check("digest", Schedule.cron("61 * * * *")));
        assertTrue(e.getMessage().contains("'61 * * * *'") && e.getMessage().contains("minute field '61'")
                && e.getMessage().contains("digest") && e.getMessage().contains("R54"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FireTimes.check("d", Schedule.cron("0 0 8 * * mon-xx")));
        assertTrue(e.getMessage().contains("day-of-week field"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FireTimes.check("d", Schedule.cron("0 25 * * *")));
        assertTrue(e.getMessage().contains("hour field '25'"), e.getMessage());
    }

    @Test
    void r50_specRoundTrips() {
        for (Schedule schedule : List.of(Schedule.every(Duration.ofMillis(1500)), Schedule.cron("0 8 * * 1-5", BERLIN),
                Schedule.cron("0 0 8 * * *"))) {
            assertEquals(schedule, FireTimes.fromSpec(FireTimes.spec(schedule)));
        }
    }
}
