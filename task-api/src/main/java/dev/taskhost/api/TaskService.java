package dev.taskhost.api;

/**
 * One owner's view of persistent task queues: a plugin's, or an embedding application's.
 *
 * <p>Queue names and task ids are scoped to the owner (SPEC R1, R2). Implementations are
 * thread-safe. No method accepts or returns {@code null}; a {@code null} argument throws
 * {@link NullPointerException} naming it.
 */
public interface TaskService {

    /**
     * Creates the queue, or re-opens one that exists only on disk from an earlier run: its
     * config is replaced, its stale running tasks are recovered and its workers start (R6, R17).
     *
     * @throws QueueExistsException if this owner already created {@code name} in this host's lifetime
     * @throws IllegalArgumentException if the name breaks R5
     * @throws IllegalStateException if nothing is left of the owner's concurrency budget; the
     *     message says {@code N/M} of it is allocated (R4)
     * @throws TaskStoreException if the store fails
     */
    void createQueue(String name, QueueConfig config);

    /**
     * Stores a task durably and returns its id once it would survive a crash (R9).
     *
     * @param payload 0 to {@link TaskLimits#MAX_PAYLOAD_BYTES} bytes, handed back to the worker as is
     * @return an unguessable, URL-safe task id
     * @throws QueueNotFoundException if the queue was not created in this host's lifetime (R8)
     * @throws IllegalArgumentException if the payload is too large (R10)
     * @throws TaskStoreException if the store fails
     */
    String enqueue(String queueName, byte[] payload);

    /**
     * Returns the task's current state, for any task of this owner until retention removes it (R20).
     *
     * @throws TaskNotFoundException if no task of this owner has that id (R2)
     * @throws TaskStoreException if the store fails
     */
    TaskInfo get(String taskId);

    /**
     * Cancels a pending task; once this returns, the task never starts (R18).
     *
     * @throws TaskNotFoundException if no task of this owner has that id (R2)
     * @throws TaskNotCancellableException if the task is not pending; the message names its status
     * @throws TaskStoreException if the store fails
     */
    void cancel(String taskId);

    /**
     * Cancels every pending task of the queue in one step; running tasks finish as usual (R19).
     *
     * @return how many tasks were cancelled
     * @throws QueueNotFoundException if the queue was not created in this host's lifetime (R8)
     * @throws TaskStoreException if the store fails
     */
    long clearQueue(String queueName);
}
