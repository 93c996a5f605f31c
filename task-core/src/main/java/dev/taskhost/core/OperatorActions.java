package dev.taskhost.core;

/**
 * What an operator can do to a host's tasks and queues, across owners (R62). Each action is the
 * owner's own service operation when the owner has a service in this host (so its queue wakes, and
 * a running task's worker here is interrupted), else the same change made in the store, which every
 * host sees (R35). Thread-safe. Every method may throw {@link dev.taskhost.api.TaskStoreException}
 * (R23), and {@link IllegalStateException} once the host is closed.
 */
public interface OperatorActions {

    /**
     * Makes a failed or cancelled task pending again (R45).
     *
     * @throws dev.taskhost.api.TaskNotFoundException if the owner has no such task (R2)
     * @throws dev.taskhost.api.TaskNotRetryableException if it is pending, running or completed
     */
    void retry(String owner, String taskId);

    /**
     * Cancels a pending task (R18), or also a running one with {@code running} set (R47).
     *
     * @throws dev.taskhost.api.TaskNotFoundException if the owner has no such task (R2)
     * @throws dev.taskhost.api.TaskNotCancellableException if its status does not allow it
     */
    void cancel(String owner, String taskId, boolean running);

    /**
     * Cancels every pending task of the queue in one step (R19).
     *
     * @return how many were cancelled
     * @throws dev.taskhost.api.QueueNotFoundException if the owner has no such stored queue
     */
    long clear(String owner, String queueName);

    /**
     * Retries the queue's failed tasks, oldest first, at most {@code limit} of them (R45).
     *
     * @return how many were retried; {@code limit} means more may be left
     * @throws dev.taskhost.api.QueueNotFoundException if the owner has no such stored queue
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    long retryFailed(String owner, String queueName, int limit);

    /**
     * Pauses the queue (R44): stored, for every host. Idempotent.
     *
     * @throws dev.taskhost.api.QueueNotFoundException if the owner has no such stored queue
     */
    void pause(String owner, String queueName);

    /**
     * Resumes the queue (R44). Idempotent.
     *
     * @throws dev.taskhost.api.QueueNotFoundException if the owner has no such stored queue
     */
    void resume(String owner, String queueName);
}
