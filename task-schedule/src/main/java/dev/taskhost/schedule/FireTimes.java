package dev.taskhost.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.taskhost.api.Schedule;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The fire times of a {@link Schedule} (R50), the checks of its cron fields (R54), and the text a
 * store keeps for it. Stateless and thread-safe.
 *
 * <p>An {@code every(d)} schedule fires at {@code anchor + k * d} for every {@code k >= 1}, where
 * the anchor is when it was stored. A cron schedule fires at the wall-clock times its expression
 * names in its zone: cron-utils finds them on a clock without daylight saving, and this class maps
 * each to an instant. A wall-clock time that the zone skips (spring forward) maps to the first
 * valid instant after the gap; one that the zone repeats (autumn) maps to its first occurrence
 * only, so a daily schedule fires once on both days.
 */
public final class FireTimes {

    private static final String[] FIVE_FIELDS = {"minute", "hour", "day-of-month", "month", "day-of-week"};
    private static final String[] SIX_FIELDS = {"second", "minute", "hour", "day-of-month", "month", "day-of-week"};
    /** Unix cron, as cron-utils defines it. */
    private static final CronParser UNIX = new CronParser(unix(false));
    /** Unix cron with a seconds field first: otherwise the same fields and ranges. */
    private static final CronParser UNIX_WITH_SECONDS = new CronParser(unix(true));
    /** How many wall-clock candidates a search looks at before it gives up: far more than a DST hour holds. */
    private static final int SEARCH_LIMIT = 100_000;

    private FireTimes() {
    }

    /**
     * Checks every field of a cron schedule; an {@code every} schedule was checked when made.
     *
     * @throws IllegalArgumentException naming the schedule, the expression and the bad field (R54)
     */
    public static void check(String scheduleName, Schedule schedule) {
        Objects.requireNonNull(scheduleName, "scheduleName");
        Objects.requireNonNull(schedule, "schedule");
        schedule.expression().ifPresent(expression -> parse(scheduleName, expression));
    }

    /**
     * The first fire time after {@code after}.
     *
     * @param anchor when the schedule was stored: an {@code every} schedule counts from it, and
     *     no schedule fires at or before it
     * @return empty if the schedule names no time to come
     */
    public static Optional<Instant> next(Schedule schedule, Instant anchor, Instant after) {
        Instant from = after.isBefore(anchor) ? anchor : after;
        Optional<Duration> interval = schedule.interval();
        if (interval.isPresent()) {
            long step = interval.get().toMillis();
            long k = Math.floorDiv(from.toEpochMilli() - anchor.toEpochMilli(), step) + 1;
            return Optional.of(anchor.plusMillis(Math.multiplyExact(k, step)));
        }
        ExecutionTime cron = executionTime(schedule);
        ZoneRules rules = schedule.zone().getRules();
        LocalDateTime cursor = LocalDateTime.ofInstant(from, schedule.zone()).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < SEARCH_LIMIT; i++) {
            Optional<ZonedDateTime> candidate = cron.nextExecution(cursor.atZone(ZoneOffset.UTC));
            if (candidate.isEmpty()) {
                return Optional.empty();
            }
            LocalDateTime local = candidate.get().toLocalDateTime();
            Instant at = instant(rules, local);
            if (at.isAfter(from)) {
                return Optional.of(at);
            }
            cursor = local;
        }
        return Optional.empty();
    }

    /**
     * The latest fire time after {@code base} and not after {@code now}: the one fire a host
     * enqueues when it finds fires missed (R52), or the fire that is due.
     *
     * @param base the last fire, or the anchor before the first
     * @return empty if no fire time lies in {@code (base, now]}
     */
    public static Optional<Instant> latestDue(Schedule schedule, Instant anchor, Instant base, Instant now) {
        if (!now.isAfter(base)) {
            return Optional.empty();
        }
        Optional<Duration> interval = schedule.interval();
        if (interval.isPresent()) {
            long step = interval.get().toMillis();
            long k = Math.floorDiv(now.toEpochMilli() - anchor.toEpochMilli(), step);
            if (k < 1) {
                return Optional.empty();
            }
            Instant at = anchor.plusMillis(Math.multiplyExact(k, step));
            return at.isAfter(base) ? Optional.of(at) : Optional.empty();
        }
        // Step back to the wall-clock time at or before now, then forward through next(), which
        // alone says which wall-clock times fire: a repeated hour's second pass does not.
        Instant start = base;
        ExecutionTime cron = executionTime(schedule);
        LocalDateTime cursor = LocalDateTime.ofInstant(now, schedule.zone()).truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(1);
        Optional<ZonedDateTime> previous = cron.lastExecution(cursor.atZone(ZoneOffset.UTC));
        if (previous.isPresent()) {
            Instant approximate = instant(schedule.zone().getRules(), previous.get().toLocalDateTime()).minusMillis(1);
            if (approximate.isAfter(start) && approximate.isBefore(now)) {
                start = approximate;
            }
        }
        Optional<Instant> latest = Optional.empty();
        Optional<Instant> fire = next(schedule, anchor, start);
        for (int i = 0; i < SEARCH_LIMIT && fire.isPresent() && !fire.get().isAfter(now); i++) {
            latest = fire;
            fire = next(schedule, anchor, fire.get());
        }
        return latest;
    }

    /** The text a store keeps for the schedule: {@code every PT10M}, {@code cron Europe/Berlin 30 2 * * *}. */
    public static String spec(Schedule schedule) {
        return schedule.interval().map(interval -> "every " + interval)
                .orElseGet(() -> "cron " + schedule.zone().getId() + " " + schedule.expression().orElseThrow());
    }

    /**
     * The schedule a {@link #spec} names.
     *
     * @throws IllegalArgumentException if the text is no spec this class made
     */
    public static Schedule fromSpec(String spec) {
        String[] parts = spec.split(" ", 3);
        try {
            if (parts.length == 2 && parts[0].equals("every")) {
                return Schedule.every(Duration.parse(parts[1]));
            }
            if (parts.length == 3 && parts[0].equals("cron")) {
                return Schedule.cron(parts[2], ZoneId.of(parts[1]));
            }
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("stored schedule '" + spec + "' cannot be read: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("stored schedule '" + spec + "' is neither 'every ...' nor 'cron ...'");
    }

    /** The instant a wall-clock time of the zone fires at: after a gap, the gap's end; in an overlap, its first pass. */
    static Instant instant(ZoneRules rules, LocalDateTime local) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return gap.getInstant();
        }
        Instant first = local.toInstant(offsets.get(0));
        for (ZoneOffset offset : offsets) {
            Instant at = local.toInstant(offset);
            if (at.isBefore(first)) {
                first = at;
            }
        }
        return first;
    }

    private static ExecutionTime executionTime(Schedule schedule) {
        return ExecutionTime.forCron(parse("", schedule.expression().orElseThrow()));
    }

    private static Cron parse(String scheduleName, String expression) {
        String[] fields = expression.split(" ");
        CronParser parser = fields.length == 6 ? UNIX_WITH_SECONDS : UNIX;
        try {
            return parser.parse(expression).validate();
        } catch (IllegalArgumentException whole) {
            String[] names = fields.length == 6 ? SIX_FIELDS : FIVE_FIELDS;
            for (int i = 0; i < fields.length; i++) {
                List<String> alone = new ArrayList<>();
                for (int j = 0; j < fields.length; j++) {
                    alone.add(i == j ? fields[j] : "*");
                }
                try {
                    parser.parse(String.join(" ", alone)).validate();
                } catch (IllegalArgumentException inField) {
                    throw new IllegalArgumentException(subject(scheduleName) + "cron expression '" + expression
                            + "': " + names[i] + " field '" + fields[i] + "' is invalid: "
                            + inField.getMessage() + " (R54)", inField);
                }
            }
            throw new IllegalArgumentException(subject(scheduleName) + "cron expression '" + expression
                    + "' is invalid: " + whole.getMessage() + " (R54)", whole);
        }
    }

    private static String subject(String scheduleName) {
        return scheduleName.isEmpty() ? "" : "schedule '" + scheduleName + "': ";
    }

    private static CronDefinition unix(boolean withSeconds) {
        CronDefinitionBuilder builder = CronDefinitionBuilder.defineCron();
        if (withSeconds) {
            builder = builder.withSeconds().withValidRange(0, 59).withStrictRange().and();
        }
        return builder
                .withMinutes().withValidRange(0, 59).withStrictRange().and()
                .withHours().withValidRange(0, 23).withStrictRange().and()
                .withDayOfMonth().withValidRange(1, 31).withStrictRange().and()
                .withMonth().withValidRange(1, 12).withStrictRange().and()
                .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).withStrictRange()
                .and()
                .instance();
    }
}
