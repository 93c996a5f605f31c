package dev.taskhost.core;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskStatus;
import java.util.List;
import java.util.Optional;

/**
 * What an operator sees of a host's store, across owners: the console and {@code inspect} read
 * through it. Read-only: it changes nothing, and it never creates an owner or a queue by looking
 * at one. Actions are apart, in {@link OperatorActions}. Thread-safe; every method reads the store
 * at the time of the call (R63), and may throw {@link dev.taskhost.api.TaskStoreException} (R23)
 * or, once the host is closed, {@link IllegalStateException}.
 */
public interface OperatorView {

    /** The ids of every owner with queues in the store, or with a service in this host, sorted. */
    List<String> owners();

    /** Every stored queue of every owner, by owner, then name, with counts by status (R49). */
    List<OperatorQueue> queues();

    /** The owner's stored queue, if there is one. */
    Optional<OperatorQueue> queue(String owner, String queueName);

    /** The queue's running tasks, on whichever host they run; empty for an unknown queue. */
    List<TaskInfo> running(String owner, String queueName);

    /**
     * A page of the queue's tasks, oldest first (R49).
     *
     * @param status the status to list, or empty for all
     * @param cursor the previous page's {@link TaskPage#nextCursor()}, or empty for the first
     * @param pageSize 1 to {@link dev.taskhost.api.TaskLimits#MAX_PAGE_SIZE}
     * @throws dev.taskhost.api.QueueNotFoundException if the owner has no such stored queue
     * @throws IllegalArgumentException on a bad page size or a cursor no listing of it returned
     */
    TaskPage tasks(String owner, String queueName, Optional<TaskStatus> status, Optional<String> cursor,
                   int pageSize);

    /** The owner's task, if it is stored (as {@code get} shows it, R20). */
    Optional<OperatorTask> task(String owner, String taskId);

    /** The task with that id, whichever owner has it. */
    Optional<OperatorTask> findTask(String taskId);

    /** The queue's unfinished task that holds the key (R43), if any. */
    Optional<OperatorTask> findByKey(String owner, String queueName, String key);

    /**
     * The start of the task's payload, cut to {@code maxBytes}; empty if there is no such task of
     * the owner, or the store cannot read payloads back.
     *
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    Optional<PayloadPreview> payload(String owner, String taskId, int maxBytes);

    /**
     * Starts, completions and failures per minute over the last hour of the queue, as this host
     * ran it (other hosts on a shared store count their own); empty when this host has no record
     * of the queue, as for a view with no host running.
     */
    Optional<QueueActivity> activity(String owner, String queueName);
}
