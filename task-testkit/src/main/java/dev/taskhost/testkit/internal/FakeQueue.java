package dev.taskhost.testkit.internal;

import dev.taskhost.api.QueueConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A queue of the fake. Mutable; guarded by the {@link InMemoryTasks} that holds it. */
final class FakeQueue {
    final String name;
    final QueueConfig config;
    private Optional<Instant> lastStart = Optional.empty();
    private int running;
    /** Whether the queue is paused (R44). */
    boolean paused;

    FakeQueue(String name, QueueConfig config) {
        this.name = name;
        this.config = config;
    }

    /** Whether a task may start now: not paused (R44), a free slot (R12) and the delay since the last start over (R13). */
    boolean canStartAt(Instant now) {
        return !paused && running < config.concurrency()
                && lastStart.map(last -> !isAfter(last, config.delay(), now)).orElse(true);
    }

    void started(Instant now) {
        lastStart = Optional.of(now);
        running++;
    }

    void ended() {
        running--;
    }

    /** Whether a task that ended at {@code endedAt} has outlived the queue's retention (R21). */
    boolean hasExpired(Instant endedAt, Instant now) {
        return !isAfter(endedAt, config.retention(), now);
    }

    /** Whether {@code from + duration} is after {@code now}; a sum past the end of time is. */
    private static boolean isAfter(Instant from, Duration duration, Instant now) {
        return duration.compareTo(Duration.between(from, now)) > 0;
    }
}
