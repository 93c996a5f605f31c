package dev.taskhost.core.spi;

import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * How a run of a task ended, to be recorded by {@link OwnerStore#record}. Each outcome applies
 * only while the task is {@code RUNNING} at {@code attempt}.
 *
 * @param taskId the task
 * @param attempt the attempt that ran
 * @param status the status to set: {@code COMPLETED}, {@code FAILED}, or {@code PENDING} for a retry
 *     or a release
 * @param message the message to store
 * @param nextAttempt the attempt to store: {@code attempt}, or {@code attempt - 1} for a run
 *     stopped by shutdown that gives its attempt back (R22)
 * @param readyAt when a {@code PENDING} task becomes ready again; ignored otherwise
 * @param at when the run ended
 */
public record Outcome(String taskId, int attempt, TaskStatus status, String message, int nextAttempt,
                      Instant readyAt, Instant at) {

    /** @throws NullPointerException if a component is null */
    public Outcome {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(readyAt, "readyAt");
        Objects.requireNonNull(at, "at");
        if (status == TaskStatus.RUNNING || status == TaskStatus.CANCELLED) {
            throw new IllegalArgumentException("a run cannot end " + status);
        }
    }

    /** The worker returned. */
    public static Outcome completed(String taskId, int attempt, String message, Instant at) {
        return new Outcome(taskId, attempt, TaskStatus.COMPLETED, message, attempt, at, at);
    }

    /** The attempt failed and was the last allowed. */
    public static Outcome failed(String taskId, int attempt, String message, Instant at) {
        return new Outcome(taskId, attempt, TaskStatus.FAILED, message, attempt, at, at);
    }

    /** The attempt failed; the task runs again at {@code readyAt} (R14). */
    public static Outcome retry(String taskId, int attempt, String message, Instant readyAt, Instant at) {
        return new Outcome(taskId, attempt, TaskStatus.PENDING, message, attempt, readyAt, at);
    }

    /** Shutdown stopped the run; the task is ready again at once without using up an attempt (R22). */
    public static Outcome released(String taskId, int attempt, String message, Instant at) {
        return new Outcome(taskId, attempt, TaskStatus.PENDING, message, attempt - 1, at, at);
    }
}
