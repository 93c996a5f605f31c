package dev.taskhost.api;

import java.util.List;
import java.util.Optional;

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

    /**
     * Stores a task as {@link #enqueue(String, byte[])} does, with options (R41 to R43): not ready
     * before its run-at time, started before the queue's lower-priority ready tasks, and, with a
     * key that an unfinished (pending or running) task of the queue holds, not stored at all.
     *
     * @return the new task's id, or, when its key is held, the id of the task that holds it (R43)
     * @throws QueueNotFoundException if the queue was not created in this host's lifetime (R8)
     * @throws IllegalArgumentException if the queue name or payload is bad (R5, R10)
     * @throws TaskStoreException if the store fails
     */
    String enqueue(String queueName, byte[] payload, EnqueueOptions options);

    /**
     * Cancels the task, as {@link java.util.concurrent.Future#cancel(boolean)}: with
     * {@code mayInterruptIfRunning} false this is {@link #cancel(String)}; with it true, a running
     * task is cancelled too (R47): its worker is interrupted on whichever host runs it, the task
     * ends {@link TaskStatus#CANCELLED} whatever the worker then returns or throws, and it is never
     * retried. A pending task is cancelled as by {@link #cancel(String)}.
     *
     * @throws TaskNotFoundException if no task of this owner has that id (R2)
     * @throws TaskNotCancellableException if the task has ended (or, without
     *     {@code mayInterruptIfRunning}, is running); the message names its status
     * @throws TaskStoreException if the store fails
     */
    void cancel(String taskId, boolean mayInterruptIfRunning);

    /**
     * Makes a failed or cancelled task pending again, ready now, with attempt 0, so that it gets
     * every attempt of its queue afresh (R45). Its message stays until its next run. Once this
     * returns, the task starts as soon as its queue allows.
     *
     * @throws TaskNotFoundException if no task of this owner has that id (R2)
     * @throws TaskNotRetryableException if the task is pending, running or completed; the message
     *     names its status
     * @throws TaskStoreException if the store fails
     */
    void retry(String taskId);

    /**
     * Pauses the queue (R44): no task of it starts until {@link #resumeQueue}; running tasks
     * finish. Enqueue, get, cancel and clearQueue still work. The pause is stored: it holds across
     * restarts and for every host sharing the store. Idempotent.
     *
     * @throws QueueNotFoundException if the queue was not created in this host's lifetime
     * @throws IllegalArgumentException if the name breaks R5
     * @throws TaskStoreException if the store fails
     */
    void pauseQueue(String queueName);

    /**
     * Resumes a paused queue (R44): its ready tasks start again. Idempotent.
     *
     * @throws QueueNotFoundException if the queue was not created in this host's lifetime
     * @throws IllegalArgumentException if the name breaks R5
     * @throws TaskStoreException if the store fails
     */
    void resumeQueue(String queueName);

    /**
     * This owner's queues, sorted by name, each with its config, whether it is paused and how many
     * tasks it has in each status (R49). Only this owner's: never another's. A queue stored by an
     * earlier run and not created in this lifetime is listed too.
     *
     * @throws TaskStoreException if the store fails
     */
    List<QueueSummary> listQueues();

    /**
     * One page of the queue's tasks, oldest (first enqueued) first (R49). Pass the page's
     * {@link TaskPage#nextCursor()} to get the next one; a cursor stays valid while tasks come
     * and go, so paging never repeats or skips a task that stayed in the listing.
     *
     * <pre>{@code
     * Optional<String> cursor = Optional.empty();
     * do {
     *     TaskPage page = tasks.listTasks("mail", Optional.of(TaskStatus.FAILED), cursor, 100);
     *     page.tasks().forEach(task -> tasks.retry(task.id()));
     *     cursor = page.nextCursor();
     * } while (cursor.isPresent());
     * }</pre>
     *
     * @param status the status to list; empty for every status
     * @param cursor empty for the first page, else a cursor a page of this queue returned
     * @param pageSize 1 to {@link TaskLimits#MAX_PAGE_SIZE}
     * @throws QueueNotFoundException if this owner has no such queue
     * @throws IllegalArgumentException if the name breaks R5, the page size is out of range or the
     *     cursor is not one a listing of this queue returned
     * @throws TaskStoreException if the store fails
     */
    TaskPage listTasks(String queueName, Optional<TaskStatus> status, Optional<String> cursor, int pageSize);

    /**
     * Stores a named recurring schedule of this owner (R50): at each of its fire times, one task
     * with the payload is enqueued into the queue, exactly once per fire time across hosts and
     * restarts (R51), with the key {@code schedule:NAME@FIRE-TIME} (R43). After a downtime that
     * spans several fire times, one task is enqueued, for the latest (R52). The tasks are ordinary
     * tasks of the queue (R53), and a schedule fires only while its queue is created.
     *
     * <p>Scheduling a name again with the same queue, schedule and payload changes nothing, so a
     * plugin may schedule at every start and keep its missed fires; anything else replaces the
     * schedule, whose fires then count from now.
     *
     * @throws IllegalArgumentException if the name is bad, a cron field is bad (the message names
     *     the expression and the field) (R54), the queue name breaks R5 or the payload R10
     * @throws QueueNotFoundException if the queue was not created in this host's lifetime (R8)
     * @throws TaskStoreException if the store fails
     */
    void schedule(String name, String queueName, Schedule schedule, byte[] payload);

    /**
     * Removes the schedule (R50): it fires no more; tasks it enqueued stay. Does nothing if this
     * owner has no schedule of that name.
     *
     * @throws IllegalArgumentException if the name is bad (R54)
     * @throws TaskStoreException if the store fails
     */
    void unschedule(String name);

    /**
     * This owner's schedules, sorted by name, each with its last and next fire time (R50).
     *
     * @throws TaskStoreException if the store fails
     */
    List<ScheduleInfo> listSchedules();
}
