package dev.taskhost.core.internal;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The {@link TaskService} the host hands one owner; queues it creates run with its worker. Thread-safe. */
final class OwnerTaskService implements TaskService {
    private final Engine engine;
    private final Owner owner;
    private final TaskWorker worker;
    private final QueueOperations operations;

    OwnerTaskService(Engine engine, Owner owner, TaskWorker worker) {
        this.engine = engine;
        this.owner = owner;
        this.worker = worker;
        this.operations = new QueueOperations(owner, engine.threads());
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
        return operations.enqueue(queueName, payload, EnqueueOptions.defaults());
    }

    @Override
    public TaskInfo get(String taskId) {
        TaskLimits.requireTaskId(taskId);
        ensureOpen();
        return owner.store().find(taskId).orElseThrow(() -> notFound(taskId)).toInfo();
    }

    @Override
    public void cancel(String taskId) {
        cancel(taskId, false);
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
    public String enqueue(String queueName, byte[] payload, EnqueueOptions options) {
        TaskLimits.requireQueueName(queueName);
        TaskLimits.requirePayload(payload);
        Objects.requireNonNull(options, "options");
        ensureOpen();
        return operations.enqueue(queueName, payload, options);
    }

    @Override
    public void cancel(String taskId, boolean mayInterruptIfRunning) {
        TaskLimits.requireTaskId(taskId);
        ensureOpen();
        operations.cancel(taskId, mayInterruptIfRunning);
    }

    @Override
    public void retry(String taskId) {
        TaskLimits.requireTaskId(taskId);
        ensureOpen();
        operations.retry(taskId);
    }

    @Override
    public void pauseQueue(String queueName) {
        TaskLimits.requireQueueName(queueName);
        ensureOpen();
        operations.setPaused(queueName, true);
    }

    @Override
    public void resumeQueue(String queueName) {
        TaskLimits.requireQueueName(queueName);
        ensureOpen();
        operations.setPaused(queueName, false);
    }

    @Override
    public List<QueueSummary> listQueues() {
        ensureOpen();
        return operations.listQueues();
    }

    @Override
    public TaskPage listTasks(String queueName, Optional<TaskStatus> status, Optional<String> cursor, int pageSize) {
        TaskLimits.requireQueueName(queueName);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cursor, "cursor");
        TaskLimits.requirePageSize(pageSize);
        ensureOpen();
        return operations.listTasks(queueName, status, cursor, pageSize);
    }

    @Override
    public void schedule(String name, String queueName, Schedule schedule, byte[] payload) {
        TaskLimits.requireScheduleName(name);
        TaskLimits.requireQueueName(queueName);
        Objects.requireNonNull(schedule, "schedule");
        TaskLimits.requirePayload(payload);
        ensureOpen();
        owner.schedules().schedule(name, queueName, schedule, payload);
    }

    @Override
    public void unschedule(String name) {
        TaskLimits.requireScheduleName(name);
        ensureOpen();
        owner.schedules().unschedule(name);
    }

    @Override
    public List<ScheduleInfo> listSchedules() {
        ensureOpen();
        return owner.schedules().list();
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
