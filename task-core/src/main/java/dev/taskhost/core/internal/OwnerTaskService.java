package dev.taskhost.core.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.spi.NewTask;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The {@link TaskService} the host hands one owner; queues it creates run with its worker. Thread-safe. */
final class OwnerTaskService implements TaskService {
    private final Engine engine;
    private final Owner owner;
    private final TaskWorker worker;

    OwnerTaskService(Engine engine, Owner owner, TaskWorker worker) {
        this.engine = engine;
        this.owner = owner;
        this.worker = worker;
    }

    @Override
    public void createQueue(String name, QueueConfig config) {
        TaskLimits.requireQueueName(name);
        Objects.requireNonNull(config, "config");
        ensureOpen();
        owner.createQueue(name, config, worker);
    }

    @Override
    public String enqueue(String queueName, byte[] payload) {
        TaskLimits.requireQueueName(queueName);
        TaskLimits.requirePayload(payload);
        ensureOpen();
        QueueDispatcher queue = owner.queue(queueName);
        String id = owner.store().insert(new NewTask(TaskIds.next(), queueName, payload.clone(),
                engine.threads().now()));
        queue.wake();
        return id;
    }

    @Override
    public TaskInfo get(String taskId) {
        TaskLimits.requireTaskId(taskId);
        ensureOpen();
        return owner.store().find(taskId).orElseThrow(() -> notFound(taskId)).toInfo();
    }

    @Override
    public void cancel(String taskId) {
        TaskLimits.requireTaskId(taskId);
        ensureOpen();
        Optional<TaskStatus> before = owner.store().cancel(taskId, false, engine.threads().now());
        TaskStatus status = before.orElseThrow(() -> notFound(taskId));
        if (status != TaskStatus.PENDING) {
            throw new TaskNotCancellableException("task '" + taskId + "' is " + status
                    + "; only pending tasks can be cancelled (R18)");
        }
        // R21: the cancelled task expires after its queue's retention, in whichever queue it is.
        owner.sweepNextExpiry();
    }

    @Override
    public long clearQueue(String queueName) {
        TaskLimits.requireQueueName(queueName);
        ensureOpen();
        QueueDispatcher queue = owner.queue(queueName);
        Instant now = engine.threads().now();
        long cleared = owner.store().cancelPending(queueName, now);
        if (cleared > 0) {
            // R21: what was cleared expires after the queue's retention.
            queue.sweepAt(now.plus(queue.retention()));
        }
        return cleared;
    }

    @Override
    public String toString() {
        return "TaskService[owner=" + owner.id() + "]";
    }

    private void ensureOpen() {
        engine.ensureOpen();
        owner.ensureActive();
    }

    private TaskNotFoundException notFound(String taskId) {
        return new TaskNotFoundException("owner '" + owner.id() + "' has no task '" + taskId + "' (R2)");
    }
}
