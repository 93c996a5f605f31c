package dev.taskhost.core.spi;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored task, without its payload.
 *
 * @param id the task id
 * @param queueName its queue
 * @param status its status
 * @param message its message; empty when none
 * @param attempt the current or last attempt; 0 before the first run
 * @param createdAt when it was enqueued
 * @param updatedAt when it last changed
 * @param readyAt when it is (or was) ready to run
 * @param priority its priority (R42)
 * @param key its key (R43), if it was enqueued with one
 * @param progress the last progress its runs reported (R48), if any
 */
public record TaskRecord(String id, String queueName, TaskStatus status, String message, int attempt,
                         Instant createdAt, Instant updatedAt, Instant readyAt, int priority,
                         Optional<String> key, Optional<TaskProgress> progress) {

    /** @throws NullPointerException if a component is null */
    public TaskRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(readyAt, "readyAt");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(progress, "progress");
    }

    /** A task with priority 0, no key and no progress. */
    public TaskRecord(String id, String queueName, TaskStatus status, String message, int attempt,
                      Instant createdAt, Instant updatedAt, Instant readyAt) {
        this(id, queueName, status, message, attempt, createdAt, updatedAt, readyAt, 0,
                Optional.empty(), Optional.empty());
    }

    /** The public view of this task; its ready time shows only while it is pending. */
    public TaskInfo toInfo() {
        return new TaskInfo(id, queueName, status, message, attempt, createdAt, updatedAt, priority, key, progress,
                status == TaskStatus.PENDING ? Optional.of(readyAt) : Optional.empty());
    }
}
