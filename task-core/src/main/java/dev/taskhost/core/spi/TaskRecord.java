package dev.taskhost.core.spi;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.Objects;

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
 */
public record TaskRecord(String id, String queueName, TaskStatus status, String message, int attempt,
                         Instant createdAt, Instant updatedAt, Instant readyAt) {

    /** @throws NullPointerException if a component is null */
    public TaskRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(readyAt, "readyAt");
    }

    /** The public view of this task. */
    public TaskInfo toInfo() {
        return new TaskInfo(id, queueName, status, message, attempt, createdAt, updatedAt);
    }
}
