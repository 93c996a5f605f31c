package dev.taskhost.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of a task's state (R20). Immutable.
 *
 * @param id the task id
 * @param queueName the queue the task belongs to
 * @param status the status at the time of the snapshot
 * @param message the worker's result or failure message; empty when there is none yet
 * @param attempt the current or last attempt, 0 before the first run
 * @param createdAt when the task was enqueued
 * @param updatedAt when the task last changed
 */
public record TaskInfo(String id, String queueName, TaskStatus status, String message,
                       int attempt, Instant createdAt, Instant updatedAt) {

    /** @throws NullPointerException if any component is null */
    public TaskInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
        }
    }
}
