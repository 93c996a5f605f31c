package dev.taskhost.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link TaskService#enqueue(String, byte[], EnqueueOptions)} stores a task: when it becomes
 * ready (R41), its priority (R42) and its key (R43). Immutable and thread-safe; build one with
 * {@link #builder()}, or take {@link #defaults()}.
 *
 * <pre>{@code
 * tasks.enqueue("mail", payload, EnqueueOptions.builder()
 *         .runAfter(Duration.ofMinutes(5))
 *         .priority(10)
 *         .key("welcome-mail:" + userId)
 *         .build());
 * }</pre>
 */
public final class EnqueueOptions {

    private static final EnqueueOptions DEFAULTS = new Builder().build();

    private final Optional<Instant> runAt;
    private final Optional<Duration> runAfter;
    private final int priority;
    private final Optional<String> key;

    private EnqueueOptions(Builder builder) {
        this.runAt = builder.runAt;
        this.runAfter = builder.runAfter;
        this.priority = builder.priority;
        this.key = builder.key;
    }

    /** Ready now, priority 0, no key: what {@link TaskService#enqueue(String, byte[])} stores. */
    public static EnqueueOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The instant the task becomes ready, if one was given with {@link Builder#runAt}. */
    public Optional<Instant> runAt() {
        return runAt;
    }

    /** How long after its enqueue the task becomes ready, if given with {@link Builder#runAfter}. */
    public Optional<Duration> runAfter() {
        return runAfter;
    }

    /** The priority: among a queue's ready tasks, higher starts first (R42). */
    public int priority() {
        return priority;
    }

    /** The key, unique among the queue's unfinished tasks (R43), if any. */
    public Optional<String> key() {
        return key;
    }

    /**
     * When a task enqueued at {@code now} with these options becomes ready (R41): {@code runAt} or
     * {@code now + runAfter}, never before {@code now}, kept to the millisecond as stores keep
     * times, and never after {@link TaskLimits#LATEST_READY_AT} (a {@code runAfter} reaching past
     * it means that instant).
     *
     * @throws NullPointerException if {@code now} is null
     */
    public Instant readyAt(Instant now) {
        Objects.requireNonNull(now, "now");
        Instant at;
        if (runAt.isPresent()) {
            at = runAt.get();
        } else if (runAfter.isPresent()) {
            Duration delay = runAfter.get();
            at = delay.compareTo(Duration.between(now, TaskLimits.LATEST_READY_AT)) >= 0
                    ? TaskLimits.LATEST_READY_AT : now.plus(delay);
        } else {
            at = now;
        }
        return at.isBefore(now) ? now : Instant.ofEpochMilli(at.toEpochMilli());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EnqueueOptions that && runAt.equals(that.runAt) && runAfter.equals(that.runAfter)
                && priority == that.priority && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runAt, runAfter, priority, key);
    }

    @Override
    public String toString() {
        return "EnqueueOptions[" + runAt.map(at -> "runAt=" + at + ", ").orElse("")
                + runAfter.map(after -> "runAfter=" + after + ", ").orElse("")
                + "priority=" + priority + key.map(k -> ", key=" + k).orElse("") + "]";
    }

    /** Configures {@link EnqueueOptions}. Not thread-safe. Each setter checks its argument at once. */
    public static final class Builder {
        private Optional<Instant> runAt = Optional.empty();
        private Optional<Duration> runAfter = Optional.empty();
        private int priority;
        private Optional<String> key = Optional.empty();

        private Builder() {
        }

        /**
         * The task is not ready before {@code at} (R41); a time in the past means now. Replaces an
         * earlier {@link #runAfter}.
         *
         * @throws NullPointerException if {@code at} is null
         * @throws IllegalArgumentException if {@code at} is after {@link TaskLimits#LATEST_READY_AT}
         */
        public Builder runAt(Instant at) {
            this.runAt = Optional.of(TaskLimits.requireRunAt(at));
            this.runAfter = Optional.empty();
            return this;
        }

        /**
         * The task is not ready before {@code delay} has passed since its enqueue (R41); zero means
         * now. Replaces an earlier {@link #runAt}.
         *
         * @throws NullPointerException if {@code delay} is null
         * @throws IllegalArgumentException if {@code delay} is negative
         */
        public Builder runAfter(Duration delay) {
            this.runAfter = Optional.of(TaskLimits.requireRunAfter(delay));
            this.runAt = Optional.empty();
            return this;
        }

        /** Among a queue's ready tasks, a higher priority starts first (R42); any {@code int}, default 0. */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /**
         * A key: while an unfinished task of the queue holds it, an enqueue with it stores nothing
         * and returns that task's id (R43).
         *
         * @throws NullPointerException if {@code key} is null
         * @throws IllegalArgumentException if the key breaks R43: 1 to 256 bytes of UTF-8, no
         *     control character, no lone surrogate
         */
        public Builder key(String key) {
            this.key = Optional.of(TaskLimits.requireKey(key));
            return this;
        }

        /** The options. */
        public EnqueueOptions build() {
            return new EnqueueOptions(this);
        }
    }
}
