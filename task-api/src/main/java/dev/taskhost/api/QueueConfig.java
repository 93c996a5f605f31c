package dev.taskhost.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How a queue runs its tasks (R7). Immutable; build with {@link #builder()} or start from
 * {@link #defaults()}.
 *
 * <p>A zero {@code concurrency}, {@code backoff} or {@code retention} means the default; a zero
 * {@code delay} or {@code timeout} means none. Retention is clamped to
 * [{@link #MIN_RETENTION}, {@link #MAX_RETENTION}] and the clamp is logged as a warning.
 *
 * @param concurrency how many tasks of the queue may run at once; capped by the owner's budget (R4)
 * @param maxRetries how many times a failed attempt is retried (R14)
 * @param backoff the wait before the first retry; doubles with each further one, capped at
 *     {@link #MAX_BACKOFF}
 * @param delay the least time between two consecutive starts in the queue (R13)
 * @param retention how long finished tasks stay visible to {@code get} (R21)
 * @param timeout how long one attempt may run before it is interrupted (R15); zero for no limit
 */
public record QueueConfig(int concurrency, int maxRetries, Duration backoff,
                          Duration delay, Duration retention, Duration timeout) {

    /** Concurrency when none is given. */
    public static final int DEFAULT_CONCURRENCY = 1;
    /** Backoff when none is given. */
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    /** Retention when none is given. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);
    /** The shortest retention kept; shorter ones are raised to it. */
    public static final Duration MIN_RETENTION = Duration.ofMinutes(1);
    /** The longest retention kept; longer ones are lowered to it. */
    public static final Duration MAX_RETENTION = Duration.ofDays(7);
    /** The longest wait before a retry, however many attempts failed. */
    public static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private static final System.Logger LOG = System.getLogger(QueueConfig.class.getName());

    /**
     * Checks and normalizes the settings.
     *
     * @throws NullPointerException if a duration is null
     * @throws IllegalArgumentException if a number or duration is negative
     */
    public QueueConfig {
        concurrency = orDefault(requireNotNegative("concurrency", concurrency), DEFAULT_CONCURRENCY);
        requireNotNegative("maxRetries", maxRetries);
        backoff = orDefault(requireNotNegative("backoff", backoff), DEFAULT_BACKOFF);
        requireNotNegative("delay", delay);
        retention = clampRetention(orDefault(requireNotNegative("retention", retention), DEFAULT_RETENTION));
        requireNotNegative("timeout", timeout);
    }

    /** Concurrency 1, no retries, backoff 1 s, no delay, retention 1 h, no timeout. */
    public static QueueConfig defaults() {
        return new QueueConfig(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Whether attempts are limited in time. */
    public boolean hasTimeout() {
        return !timeout.isZero();
    }

    /**
     * The wait before retrying after failed attempt {@code attempt}: {@code backoff * 2^(attempt-1)},
     * capped at {@link #MAX_BACKOFF} without overflow (R14). A pure function.
     *
     * @param attempt the 1-based attempt that failed
     * @throws IllegalArgumentException if {@code attempt < 1}
     */
    public Duration retryDelay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based, was " + attempt);
        }
        long cap = MAX_BACKOFF.toMillis();
        // A backoff past the cap is the cap: toMillis() would overflow for the longest durations.
        long millis = backoff.compareTo(MAX_BACKOFF) >= 0 ? cap : Math.max(1, backoff.toMillis());
        for (int doubling = 1; doubling < attempt && millis < cap; doubling++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, cap));
    }

    private static int requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative (R7), was " + value);
        }
        return value;
    }

    private static Duration requireNotNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative (R7), was " + value);
        }
        return value;
    }

    private static int orDefault(int value, int fallback) {
        return value == 0 ? fallback : value;
    }

    private static Duration orDefault(Duration value, Duration fallback) {
        return value.isZero() ? fallback : value;
    }

    private static Duration clampRetention(Duration retention) {
        Duration clamped = retention.compareTo(MIN_RETENTION) < 0 ? MIN_RETENTION
                : retention.compareTo(MAX_RETENTION) > 0 ? MAX_RETENTION
                : retention;
        if (!clamped.equals(retention)) {
            LOG.log(System.Logger.Level.WARNING,
                    "retention {0} is outside [{1}, {2}] (R7); using {3}",
                    retention, MIN_RETENTION, MAX_RETENTION, clamped);
        }
        return clamped;
    }

    /** Builds a {@link QueueConfig}; starts from the defaults. Not thread-safe. */
    public static final class Builder {
        private int concurrency;
        private int maxRetries;
        private Duration backoff = Duration.ZERO;
        private Duration delay = Duration.ZERO;
        private Duration retention = Duration.ZERO;
        private Duration timeout = Duration.ZERO;

        private Builder() {
        }

        /** How many tasks may run at once; 0 for the default. */
        public Builder concurrency(int n) {
            this.concurrency = n;
            return this;
        }

        /** How many times a failed attempt is retried. */
        public Builder maxRetries(int n) {
            this.maxRetries = n;
            return this;
        }

        /** The wait before the first retry; zero for the default. */
        public Builder backoff(Duration d) {
            this.backoff = d;
            return this;
        }

        /** The least time between consecutive starts; zero for none. */
        public Builder delay(Duration d) {
            this.delay = d;
            return this;
        }

        /** How long finished tasks are kept; zero for the default. */
        public Builder retention(Duration d) {
            this.retention = d;
            return this;
        }

        /** How long one attempt may run; zero for no limit. */
        public Builder timeout(Duration d) {
            this.timeout = d;
            return this;
        }

        /**
         * @throws NullPointerException if a duration is null
         * @throws IllegalArgumentException if a setting is negative
         */
        public QueueConfig build() {
            return new QueueConfig(concurrency, maxRetries, backoff, delay, retention, timeout);
        }
    }
}
