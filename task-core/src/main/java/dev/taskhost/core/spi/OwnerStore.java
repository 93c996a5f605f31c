package dev.taskhost.core.spi;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One owner's queues and tasks. Thread-safe. Every method may throw
 * {@link dev.taskhost.api.TaskStoreException} (R23); times are given by the host, never read from
 * a clock of the store's own, and kept to the millisecond.
 *
 * <p>Methods that change a task take the state they expect and change nothing when the task is in
 * another: that is what keeps two hosts (or a late worker and a recovery) from overwriting each
 * other.
 */
public interface OwnerStore {

    /** Creates the queue, or replaces the config of the one stored. */
    void saveQueue(String queueName, QueueConfig config, Instant now);

    /** The config last saved for the queue, if the queue is stored. */
    Optional<QueueConfig> findQueue(String queueName);

    /** The names of every stored queue, sorted. */
    List<String> queueNames();

    /** Stores a new pending task, ready at {@code task.createdAt()}; durable when this returns (R9). */
    void insert(NewTask task);

    /** The task, whatever its status, if it is stored. */
    Optional<TaskRecord> find(String taskId);

    /**
     * Cancels the task if it is pending (R18).
     *
     * @return the status the task had; empty if no such task is stored. The task was cancelled
     *     exactly when the result is {@code PENDING}.
     */
    Optional<TaskStatus> cancel(String taskId, Instant now);

    /** Cancels every pending task of the queue in one statement (R19); returns how many. */
    long cancelPending(String queueName, Instant now);

    /**
     * Atomically moves up to {@code max} pending tasks whose ready time is not after {@code now} to
     * running, adding one to their attempt. The oldest ready come first, ties in enqueue order (R11).
     *
     * @return the claimed tasks in that order
     */
    List<ClaimedTask> claim(String queueName, int max, Instant now);

    /**
     * Records outcomes of runs of the queue, then claims, as one step where the store can: what a
     * queue does each time runs end and free their workers. The default does {@link #record} then
     * {@link #claim}; a store overrides it to do both in one transaction.
     *
     * @return the claimed tasks, as {@link #claim} orders them
     */
    default List<ClaimedTask> recordThenClaim(List<Outcome> outcomes, String queueName, int max, Instant now) {
        record(outcomes);
        return claim(queueName, max, now);
    }

    /** The earliest ready time among the queue's pending tasks, if it has any. */
    Optional<Instant> nextReadyAt(String queueName);

    /** The queue's running tasks (to recover them when the queue is opened, R17). */
    List<TaskRecord> running(String queueName);

    /**
     * Records the outcomes of runs in one transaction. Each applies only if its task is still
     * running at the attempt it names; the others are skipped.
     *
     * @return how many were applied
     */
    int record(List<Outcome> outcomes);

    /**
     * Deletes the finished tasks whose queue's retention has passed since they ended (R21), in
     * every stored queue.
     *
     * @return when the next finished task still stored will expire, if any is
     */
    Optional<Instant> purgeExpired(Instant now);

    /** How many tasks the queue has in each status; statuses with none are absent. */
    Map<TaskStatus, Long> countByStatus(String queueName);

    /**
     * The queue's tasks with the status, oldest first, at most {@code limit}.
     *
     * @param status the status to list, or empty for all
     */
    List<TaskRecord> list(String queueName, Optional<TaskStatus> status, int limit);
}
