package dev.taskhost.api;

import java.util.Objects;

/**
 * A task handed to a {@link TaskWorker} for one attempt.
 *
 * <p>The payload array is the worker's own copy: changing it affects nothing stored.
 *
 * @param queueName the queue the task belongs to
 * @param taskId the task id
 * @param payload exactly the bytes given to {@link TaskService#enqueue}
 * @param attempt 1 on the first run (R14)
 */
public record Task(String queueName, String taskId, byte[] payload, int attempt) {

    /** @throws NullPointerException if any component is null */
    public Task {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(payload, "payload");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based, was " + attempt);
        }
    }
}
