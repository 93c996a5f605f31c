package dev.taskhost.integration;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * What one call showed: its result, or the type of what it threw. The reference model predicts the
 * result and the exception type; the two implementations must also word their exceptions alike, so
 * their messages are compared with each other (ids replaced by labels).
 *
 * @param result the value returned, or {@code threw <ExceptionType>}
 * @param message the exception's message, normalized; empty where there is none, or for the model
 */
record Observation(String result, Optional<String> message) {

    static Observation of(String result) {
        return new Observation(result, Optional.empty());
    }

    static Observation threw(Class<? extends Throwable> type) {
        return of("threw " + type.getSimpleName());
    }

    static Observation threw(Throwable thrown, String normalizedMessage) {
        return new Observation("threw " + thrown.getClass().getSimpleName(), Optional.of(normalizedMessage));
    }

    /** Everything {@code get} shows but the id, which each implementation makes its own (R20), and progress. */
    static Observation of(TaskInfo info) {
        return ofTask(info.status(), info.attempt(), info.queueName(), info.createdAt(), info.updatedAt(),
                info.message(), info.priority(), info.key(), info.readyAt());
    }

    static Observation ofTask(TaskStatus status, int attempt, String queue, Instant createdAt, Instant updatedAt,
                              String message, int priority, Optional<String> key, Optional<Instant> readyAt) {
        return of(status + ", attempt " + attempt + ", queue " + queue + ", created " + createdAt + ", updated "
                + updatedAt + ", message '" + message + "', priority " + priority
                + key.map(k -> ", key " + k).orElse("") + readyAt.map(at -> ", ready " + at).orElse(""));
    }

    @Override
    public String toString() {
        return result + message.map(text -> " (" + text + ")").orElse("");
    }
}
