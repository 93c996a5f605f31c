package dev.taskhost.core.spi;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One owner's queues and tasks. Thread-safe. Every method may throw
 * {@link dev.taskhost.api.TaskStoreException} (R23); a method that throws changed nothing (R32),
 * and a store whose failure's cause is gone works again without being reopened (R31). Times are
 * given by the host and kept to the millisecond, except lease expiry, which the store judges on
 * its own clock (R37).
 *
 * <p>Methods that change a task take the state they expect and change nothing when the task is in
 * another: that is what keeps two hosts (or a late worker and a recovery) from overwriting each
 * other. Limits that must hold across hosts (concurrency, delay, pause, keys) are enforced by the
 * store, never by a read in the host followed by a write (R35).
 */
public interface OwnerStore {

    /** Creates the queue, or replaces the config of the one stored; its pause and last start are kept. */
    void saveQueue(String queueName, QueueConfig config, Instant now);

    /** The queue as stored, if it is. */
    Optional<StoredQueue> queue(String queueName);

    /** The config last saved for the queue, if the queue is stored. */
    default Optional<QueueConfig> findQueue(String queueName) {
        return queue(queueName).map(StoredQueue::config);
    }

    /** The names of every stored queue, sorted. */
    List<String> queueNames();

    /** Pauses or resumes the queue (R44); idempotent. Does nothing if the queue is not stored. */
    void setPaused(String queueName, boolean paused, Instant now);

    /**
     * Stores a new pending task; durable when this returns (R9). With a key that an unfinished
     * (pending or running) task of the queue holds, stores nothing (R43): the store decides this
     * atomically (a unique index), so concurrent inserts with one key store exactly one task.
     *
     * @return {@code task.id()}, or the id of the unfinished task that holds its key
     */
    String insert(NewTask task);

    /** The task, whatever its status, if it is stored. */
    Optional<TaskRecord> find(String taskId);

    /**
     * The task's payload, whatever its status, for an operator's preview (R61); empty if the owner
     * has no such task stored (R2).
     */
    Optional<byte[]> payload(String taskId);

    /** The queue's unfinished task that holds the key (R43), if any. */
    Optional<TaskRecord> findByKey(String queueName, String key);

    /**
     * Cancels the task if it is pending (R18), or also if it is running when {@code running} is
     * set (R47): a cancelled run's outcome is then never recorded, and its lease renewal fails, so
     * the host that runs it interrupts it.
     *
     * @return the status the task had; empty if no such task is stored. The task was cancelled
     *     exactly when the result is {@code PENDING}, or {@code RUNNING} with {@code running} set.
     */
    Optional<TaskStatus> cancel(String taskId, boolean running, Instant now);

    /** Cancels every pending task of the queue in one statement (R19); returns how many. */
    long cancelPending(String queueName, Instant now);

    /**
     * Makes a failed or cancelled task pending again (R45): ready at {@code now}, attempt 0, message
     * kept until its next run.
     *
     * @return the status the task had; empty if no such task is stored. The task was made pending
     *     exactly when the result is {@code FAILED} or {@code CANCELLED}.
     */
    Optional<TaskStatus> retry(String taskId, Instant now);

    /**
     * Atomically moves ready pending tasks to running, adding one to their attempt and taking a
     * lease on them, within the limits {@code request} names (R12, R13, R35, R36, R44). Ready means
     * a ready time not after {@code request.now()}. Higher priority first (R42), then the oldest
     * ready, ties in enqueue order (R11).
     */
    ClaimResult claim(ClaimRequest request);

    /**
     * Records outcomes of runs of the queue, then claims, in one transaction where the store can:
     * what a queue does each time runs end and free their workers.
     */
    ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request);

    /** The earliest ready time among the queue's pending tasks, if it has any. */
    Optional<Instant> nextReadyAt(String queueName);

    /** The queue's running tasks, whoever holds them. */
    List<TaskRecord> running(String queueName);

    /**
     * The queue's running tasks that no live host holds (R17, R37, R38): those whose lease expired
     * by the store's clock, and, in a store only one process may use, every run that {@code holder}
     * (this host) does not hold.
     */
    List<TaskRecord> abandoned(String queueName, String holder);

    /**
     * Records the outcomes of runs in one transaction. Each applies only if its task is still
     * running at the attempt it names; the others are skipped.
     *
     * @return how many were applied
     */
    int record(List<Outcome> outcomes);

    /**
     * Records the failures of abandoned runs (see {@link #abandoned}): each applies only if its
     * task is still running at that attempt and still abandoned, so that a run that ended, or whose
     * lease was renewed, since it was read is left alone.
     *
     * @return how many were applied
     */
    int recordAbandoned(List<Outcome> outcomes, String holder);

    /**
     * Renews the leases of the runs {@code lease.holder()} holds (R37).
     *
     * @return the runs it no longer holds: cancelled (R47), recovered by another host, or gone;
     *     the host interrupts them and records nothing for them
     */
    Set<RunRef> renewLeases(Collection<RunRef> runs, Lease lease);

    /** Stores the latest progress of runs still current (R48), in one transaction; others are skipped. */
    void saveProgress(List<ProgressReport> reports);

    /**
     * Deletes the finished tasks whose queue's retention has passed since they ended (R21), in
     * every stored queue, at most {@code limit} of them in one transaction so that a large expiry
     * never holds the store for long.
     *
     * @return how many were deleted; fewer than {@code limit} means none expired is left
     */
    int purgeExpired(Instant now, int limit);

    /** When the next finished task still stored will expire (R21), if any is. */
    Optional<Instant> nextExpiry();

    /** How many tasks the queue has in each status; statuses with none are absent. */
    Map<TaskStatus, Long> countByStatus(String queueName);

    /**
     * A page of the queue's tasks with the status, oldest first (R49).
     *
     * @param status the status to list, or empty for all
     * @param after the cursor of the previous page; empty for the first
     * @param limit the page size, at least 1
     * @throws IllegalArgumentException if {@code after} is not a cursor this store made
     */
    TaskPage list(String queueName, Optional<TaskStatus> status, Optional<String> after, int limit);

    /**
     * Stores a schedule (R50). A schedule of that name with the same queue, spec and payload is
     * left as it is (its anchor and last fire kept, so re-scheduling at each start keeps missed
     * fires, R52); another is replaced: anchor {@code now}, no last fire, its revision grown.
     *
     * @return true if something was stored or replaced
     */
    boolean saveSchedule(String name, String queueName, String spec, byte[] payload, Instant now);

    /** Removes the schedule; tasks it enqueued stay. Returns whether it was stored. */
    boolean deleteSchedule(String name);

    /** The schedule, if stored. */
    Optional<StoredSchedule> schedule(String name);

    /** Every stored schedule, sorted by name. */
    List<StoredSchedule> schedules();

    /**
     * Applies one fire exactly once (R51), in one transaction: if the schedule is still stored with
     * the revision and last fire that {@code fire.schedule()} names, and the fire time is after its
     * last fire (or anchor), sets its last fire to the fire time and inserts the fire's task (as
     * {@link #insert}, keys included); otherwise changes nothing. Two hosts, or a host that read the
     * schedule before another fired it, so never enqueue one fire twice; a host killed before the
     * commit left both undone, so the fire is not skipped.
     *
     * @return the fire's task id (or the id of the task that holds its key); empty if the guard
     *     failed and nothing changed
     */
    Optional<String> fire(ScheduleFire fire);
}
