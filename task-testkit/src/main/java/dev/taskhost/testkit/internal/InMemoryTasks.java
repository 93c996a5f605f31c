package dev.taskhost.testkit.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One owner's queues and tasks, in memory: the state behind the fake task service. Its messages are
 * worded as the host's. Arguments are already checked for null and for R3, R5 and R10; times are
 * given by the caller.
 *
 * <p>Thread-safe: every method holds this object's lock, and none calls out while holding it, so a
 * worker may call back into the service from inside an attempt.
 */
public final class InMemoryTasks {

    private final String owner;
    private final int maxConcurrency;
    private final Map<String, FakeQueue> queues = new HashMap<>();
    /** In enqueue order, which {@link #list} relies on. */
    private final Map<String, FakeTask> tasks = new LinkedHashMap<>();
    private long enqueued;
    private int allocated;

    /**
     * @param owner the owner id, for messages
     * @param maxConcurrency the owner's budget shared by its queues (R4)
     */
    public InMemoryTasks(String owner, int maxConcurrency) {
        this.owner = owner;
        this.maxConcurrency = maxConcurrency;
    }

    /**
     * Creates the queue with what is left of the budget, at most what it asks for (R4).
     *
     * @throws QueueExistsException if it was created already (R6)
     * @throws IllegalStateException if nothing is left of the budget (R4)
     */
    public synchronized void createQueue(String name, QueueConfig config) {
        if (queues.containsKey(name)) {
            throw new QueueExistsException("owner '" + owner + "' already created queue '" + name
                    + "' in this host's lifetime (R6)");
        }
        int left = maxConcurrency - allocated;
        if (left == 0) {
            throw new IllegalStateException("the concurrency budget of owner '" + owner + "' is used up: "
                    + allocated + "/" + maxConcurrency + " allocated (R4)");
        }
        int granted = Math.min(config.concurrency(), left);
        allocated += granted;
        queues.put(name, new FakeQueue(name, new QueueConfig(granted, config.maxRetries(), config.backoff(),
                config.delay(), config.retention(), config.timeout())));
    }

    /**
     * Stores a pending task, ready at {@code now}, keeping its own copy of the payload.
     *
     * @return the new task's id
     * @throws QueueNotFoundException if the queue was not created (R8)
     */
    public synchronized String enqueue(String queueName, byte[] payload, Instant now) {
        requireQueue(queueName);
        String id = TaskIds.next();
        while (tasks.containsKey(id)) { // 128 random bits: never in practice, but ids must be unique
            id = TaskIds.next();
        }
        tasks.put(id, new FakeTask(id, queueName, payload.clone(), enqueued++, now));
        return id;
    }

    /**
     * The task's state, after deleting what retention removed.
     *
     * @throws TaskNotFoundException if there is no such task (R2, R21)
     */
    public synchronized TaskInfo get(String taskId, Instant now) {
        purgeExpired(now);
        return find(taskId).toInfo();
    }

    /**
     * Cancels a pending task (R18).
     *
     * @throws TaskNotFoundException if there is no such task (R2, R21)
     * @throws TaskNotCancellableException if it is not pending; the message names its status
     */
    public synchronized void cancel(String taskId, Instant now) {
        purgeExpired(now);
        FakeTask task = find(taskId);
        if (task.status != TaskStatus.PENDING) {
            throw new TaskNotCancellableException("task '" + taskId + "' is " + task.status
                    + "; only pending tasks can be cancelled (R18)");
        }
        task.update(TaskStatus.CANCELLED, task.message, now);
    }

    /**
     * Cancels every pending task of the queue (R19).
     *
     * @return how many were cancelled
     * @throws QueueNotFoundException if the queue was not created (R8)
     */
    public synchronized long cancelPending(String queueName, Instant now) {
        requireQueue(queueName);
        long cancelled = 0;
        for (FakeTask task : tasks.values()) {
            if (task.queueName.equals(queueName) && task.status == TaskStatus.PENDING) {
                task.update(TaskStatus.CANCELLED, task.message, now);
                cancelled++;
            }
        }
        return cancelled;
    }

    /**
     * The queue's tasks in enqueue order, after deleting what retention removed.
     *
     * @throws QueueNotFoundException if the queue was not created (R8)
     */
    public synchronized List<TaskInfo> list(String queueName, Instant now) {
        requireQueue(queueName);
        purgeExpired(now);
        List<TaskInfo> infos = new ArrayList<>();
        for (FakeTask task : tasks.values()) {
            if (task.queueName.equals(queueName)) {
                infos.add(task.toInfo());
            }
        }
        return infos;
    }

    /**
     * Moves the task that should start next at {@code now} to running: of the ready tasks whose
     * queue has a free slot (R12) and whose delay has passed (R13), the one ready first, ties in
     * enqueue order (R11).
     *
     * @return the claimed task, or empty if none can start now
     */
    public synchronized Optional<Claim> claimNext(Instant now) {
        FakeTask next = null;
        for (FakeTask task : tasks.values()) {
            if (task.isReadyAt(now) && queues.get(task.queueName).canStartAt(now)
                    && (next == null || task.startsBefore(next))) {
                next = task;
            }
        }
        if (next == null) {
            return Optional.empty();
        }
        FakeQueue queue = queues.get(next.queueName);
        queue.started(now);
        next.attempt++;
        next.update(TaskStatus.RUNNING, next.message, now);
        Task task = new Task(next.queueName, next.id, next.payload.clone(), next.attempt);
        return Optional.of(new Claim(task, queue.config.timeout()));
    }

    /**
     * Records how a claimed attempt ended: completed, retried after the backoff, failed (R14), or
     * given back when it was abandoned.
     */
    public synchronized void finish(Claim claim, AttemptResult result, Instant now) {
        FakeTask task = tasks.get(claim.task().taskId());
        FakeQueue queue = queues.get(task.queueName);
        queue.ended();
        if (result instanceof AttemptResult.Completed completed) {
            task.update(TaskStatus.COMPLETED, completed.message(), now);
        } else if (result instanceof AttemptResult.Failed failed) {
            if (task.attempt <= queue.config.maxRetries()) {
                task.readyAt = now.plus(queue.config.retryDelay(task.attempt));
                task.update(TaskStatus.PENDING, failed.message(), now);
            } else {
                task.update(TaskStatus.FAILED, failed.message(), now);
            }
        } else {
            task.attempt--;
            task.readyAt = now;
            task.update(TaskStatus.PENDING, "the attempt was interrupted before it ended and does not count",
                    now);
        }
    }

    /** Deletes the finished tasks whose queue's retention has passed since they ended (R21). */
    public synchronized void purgeExpired(Instant now) {
        tasks.values().removeIf(task -> task.status.isTerminal()
                && queues.get(task.queueName).hasExpired(task.updatedAt, now));
    }

    private FakeTask find(String taskId) {
        FakeTask task = tasks.get(taskId);
        if (task == null) {
            throw new TaskNotFoundException("owner '" + owner + "' has no task '" + taskId + "' (R2)");
        }
        return task;
    }

    private void requireQueue(String queueName) {
        if (!queues.containsKey(queueName)) {
            throw new QueueNotFoundException("owner '" + owner + "' has not created queue '" + queueName
                    + "' in this host's lifetime (R8)");
        }
    }
}
