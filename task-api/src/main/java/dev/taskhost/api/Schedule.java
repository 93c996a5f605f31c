package dev.taskhost.api;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;

/**
 * When a schedule fires (R50): every fixed interval, or at the times a cron expression names in a
 * zone. Immutable and thread-safe; equal schedules fire at the same times.
 *
 * <p>A cron expression has Unix cron's five fields ({@code minute hour day-of-month month
 * day-of-week}), or six with seconds first. The factory checks its shape (not blank, five or six
 * fields, no control character, at most {@link #MAX_EXPRESSION_LENGTH} characters); the value of
 * each field is checked where the expression is parsed, by {@link TaskService#schedule}, which
 * throws {@link IllegalArgumentException} naming the expression and the field (R54).
 */
public final class Schedule {

    /** The shortest interval {@link #every} accepts. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The longest interval {@link #every} accepts: ten years of 366 days, far from any overflow (R33). */
    public static final Duration MAX_INTERVAL = Duration.ofDays(3660);
    /** The longest cron expression {@link #cron} accepts, in characters. */
    public static final int MAX_EXPRESSION_LENGTH = 256;

    private final Duration interval;
    private final String expression;
    private final ZoneId zone;

    private Schedule(Duration interval, String expression, ZoneId zone) {
        this.interval = interval;
        this.expression = expression;
        this.zone = zone;
    }

    /**
     * Fires every {@code interval}, the first time one interval after {@link TaskService#schedule}
     * stored it.
     *
     * @throws NullPointerException if {@code interval} is null
     * @throws IllegalArgumentException if it is zero, negative, under {@link #MIN_INTERVAL} or over
     *     {@link #MAX_INTERVAL} (R54)
     */
    public static Schedule every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval " + interval + " is "
                    + (interval.isZero() ? "zero" : "negative") + "; it must be positive (R54)");
        }
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("interval " + interval + " must be " + MIN_INTERVAL
                    + " to " + MAX_INTERVAL + " (R54)");
        }
        if (interval.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("interval " + interval
                    + " has a fraction of a millisecond; fire times are kept to the millisecond (R54)");
        }
        return new Schedule(interval, null, ZoneOffset.UTC);
    }

    /**
     * Fires at the times the cron expression names, in UTC.
     *
     * @throws NullPointerException if {@code expression} is null
     * @throws IllegalArgumentException if it is blank, has not five or six fields, contains a control
     *     character or is too long (R54)
     */
    public static Schedule cron(String expression) {
        return cron(expression, ZoneOffset.UTC);
    }

    /**
     * Fires at the times the cron expression names, on the wall clock of {@code zone}. On a day
     * that skips a fire time (daylight saving starts), it fires once at the first valid instant
     * after the gap; on a day that repeats the hour, once, at its first occurrence.
     *
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the expression is blank, has not five or six fields,
     *     contains a control character or is too long (R54)
     */
    public static Schedule cron(String expression, ZoneId zone) {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(zone, "zone");
        if (expression.length() > MAX_EXPRESSION_LENGTH) {
            throw new IllegalArgumentException("cron expression '" + TaskLimits.printable(expression) + "' is "
                    + expression.length() + " characters; at most " + MAX_EXPRESSION_LENGTH + " (R54)");
        }
        if (expression.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\t')) {
            throw new IllegalArgumentException("cron expression '" + TaskLimits.printable(expression)
                    + "' contains a control character (R54)");
        }
        String trimmed = expression.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("cron expression '" + expression + "' is blank (R54)");
        }
        int fields = trimmed.split("\\s+").length;
        if (fields != 5 && fields != 6) {
            throw new IllegalArgumentException("cron expression '" + expression + "' has " + fields
                    + " field(s); it must have 5 (minute hour day-of-month month day-of-week) or 6"
                    + " (seconds first) (R54)");
        }
        return new Schedule(null, String.join(" ", trimmed.split("\\s+")), zone);
    }

    /** The interval of an {@link #every} schedule; empty for a cron one. */
    public Optional<Duration> interval() {
        return Optional.ofNullable(interval);
    }

    /** The cron expression, its fields separated by one space; empty for an {@link #every} schedule. */
    public Optional<String> expression() {
        return Optional.ofNullable(expression);
    }

    /** The zone whose wall clock a cron expression reads; UTC for an {@link #every} schedule. */
    public ZoneId zone() {
        return zone;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Schedule that && Objects.equals(interval, that.interval)
                && Objects.equals(expression, that.expression) && zone.equals(that.zone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(interval, expression, zone);
    }

    /** {@code every PT10M}, or {@code cron '0 8 * * *' Europe/Berlin}. */
    @Override
    public String toString() {
        return interval != null ? "every " + interval : "cron '" + expression + "' " + zone.getId();
    }
}
