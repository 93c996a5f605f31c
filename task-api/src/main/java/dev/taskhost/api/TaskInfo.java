package dev.taskhost.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
 * @param priority its priority (R42); 0 by default
 * @param key the key it was enqueued with (R43), if any
 * @param progress the last progress its worker reported (R48), if any
 * @param readyAt while it is {@link TaskStatus#PENDING}: when it is (or became) ready to start,
 *     its run-at time (R41) or the end of a backoff (R14); empty in any other status
 */
public record TaskInfo(String id, String queueName, TaskStatus status, String message,
                       int attempt, Instant createdAt, Instant updatedAt, int priority,
                       Optional<String> key, Optional<TaskProgress> progress, Optional<Instant> readyAt) {

    /** @throws NullPointerException if any component is null */
    public TaskInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(readyAt, "readyAt");
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
        }
        if (readyAt.isPresent() != (status == TaskStatus.PENDING)) {
            throw new IllegalArgumentException("a ready time is shown exactly for a pending task, not for "
                    + status + " with " + readyAt);
        }
    }

    /**
     * A task of priority 0 without key or progress, which, when pending, has been ready since it
     * was created: what a task enqueued with {@link EnqueueOptions#defaults()} shows.
     */
    public TaskInfo(String id, String queueName, TaskStatus status, String message,
                    int attempt, Instant createdAt, Instant updatedAt) {
        this(id, queueName, status, message, attempt, createdAt, updatedAt, 0, Optional.empty(), Optional.empty(),
                status == TaskStatus.PENDING ? Optional.of(createdAt) : Optional.empty());
    }
}
