package dev.taskhost.core;

import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskStatus;
import java.util.List;
import java.util.Map;
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
     * Starts, completions and failures per minute over the last hour of the queue, summed over this
     * host and every live host (each counts its own runs and tells them in its heartbeat); empty
     * when none of them has a record of the queue. A host that is gone takes its counts with it.
     */
    Optional<QueueActivity> activity(String owner, String queueName);

    /**
     * As {@link #activity} for each of the owner's queues that some host has a record of, by queue
     * name, read in one go.
     */
    Map<String, QueueActivity> activities(String owner);

    /**
     * The live hosts on the store: those whose heartbeat has not run out on the store's clock, by
     * name then id, each with what it runs. On a store that only one process may use, this host
     * alone; empty for a view with no host over such a store (see {@link #hostsTracked()}).
     */
    List<OperatorHost> hosts();

    /**
     * Whether {@link #hosts()} tells every live host: true for a host's own view and for any view
     * of a shared store; false for a view with no host over a store of one process, which cannot
     * see whether that process runs.
     */
    boolean hostsTracked();

    /**
     * The owner's stored schedules, by name, each with its queue, last fire and next fire (R50), as
     * {@code listSchedules} shows them; empty for an owner with none or no such owner. Looking fires
     * nothing.
     */
    List<ScheduleInfo> schedules(String owner);
}
