package dev.taskhost.core.internal;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskNotRetryableException;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The queue features of one owner's service (R41 to R49) over its store: arguments are already
 * checked and the service open. Thread-safe: every state change is one guarded store call.
 */
final class QueueOperations {
    private final Owner owner;
    private final HostThreads threads;

    QueueOperations(Owner owner, HostThreads threads) {
        this.owner = owner;
        this.threads = threads;
    }

    private OwnerStore store() {
        return owner.store();
    }

    /** R41 to R43: the store decides a held key atomically and returns the holder's id. */
    String enqueue(String queueName, byte[] payload, EnqueueOptions options) {
        QueueDispatcher queue = owner.queue(queueName);
        Instant now = threads.now();
        String newId = TaskIds.next();
        String id = store().insert(new NewTask(newId, queueName, payload.clone(), now,
                options.readyAt(now), options.priority(), options.key()));
        queue.enqueued();
        if (id.equals(newId)) {
            threads.events().enqueued(owner.id(), queueName, id, now);
        }
        return id;
    }

    /** R18, R47: a running task is cancelled in the store first, then its run here is interrupted. */
    void cancel(String taskId, boolean mayInterruptIfRunning) {
        Optional<TaskStatus> before = store().cancel(taskId, mayInterruptIfRunning, threads.now());
        TaskStatus status = before.orElseThrow(() -> notFound(taskId));
        if (status == TaskStatus.PENDING || status == TaskStatus.RUNNING && mayInterruptIfRunning) {
            // R21: the cancelled task expires after its queue's retention, in whichever queue it is.
            owner.sweepNextExpiry();
            // Last: a worker cancelling its own task would have the interrupt swallowed by a store
            // call made after it on its thread (a JDBC driver may clear it), and sleep on.
            if (status == TaskStatus.RUNNING) {
                owner.queues().forEach(queue -> queue.cancelRunning(taskId));
            }
            return;
        }
        throw new TaskNotCancellableException(mayInterruptIfRunning
                ? "task '" + taskId + "' is " + status + "; only pending or running tasks can be cancelled (R47)"
                : "task '" + taskId + "' is " + status + "; only pending tasks can be cancelled (R18)");
    }

    /** R45: pending again, ready now, attempt 0; its queue, if open here, is woken. */
    void retry(String taskId) {
        TaskStatus status = store().retry(taskId, threads.now()).orElseThrow(() -> notFound(taskId));
        if (status != TaskStatus.FAILED && status != TaskStatus.CANCELLED) {
            throw new TaskNotRetryableException("task '" + taskId + "' is " + status
                    + "; only failed or cancelled tasks can be retried (R45)");
        }
        store().find(taskId).ifPresent(task -> wakeIfOpen(task.queueName()));
    }

    /** R44: stored, so that it holds across restarts and hosts; a resume wakes the queue. */
    void setPaused(String queueName, boolean paused) {
        QueueDispatcher queue = owner.queue(queueName);
        Instant now = threads.now();
        store().setPaused(queueName, paused, now);
        if (!paused) {
            queue.wake();
        }
        threads.events().paused(owner.id(), queueName, paused, now);
    }

    /** R49: every stored queue of the owner, with its counts. */
    List<QueueSummary> listQueues() {
        List<QueueSummary> summaries = new ArrayList<>();
        for (String name : store().queueNames()) {
            Optional<StoredQueue> stored = store().queue(name);
            if (stored.isPresent()) {
                summaries.add(new QueueSummary(name, stored.get().config(), stored.get().paused(),
                        store().countByStatus(name)));
            }
        }
        return summaries;
    }

    /** R49: a page of the queue's tasks, with a cursor the store made. */
    TaskPage listTasks(String queueName, Optional<TaskStatus> status, Optional<String> cursor, int pageSize) {
        if (store().queue(queueName).isEmpty()) {
            throw new QueueNotFoundException("owner '" + owner.id() + "' has no queue '" + queueName + "' (R49)");
        }
        dev.taskhost.core.spi.TaskPage page;
        try {
            page = store().list(queueName, status, cursor, pageSize);
        } catch (IllegalArgumentException badCursor) {
            throw TaskLimits.badCursor(queueName, cursor.orElse(""));
        }
        return new TaskPage(page.tasks().stream().map(TaskRecord::toInfo).toList(), page.nextCursor());
    }

    private void wakeIfOpen(String queueName) {
        owner.queues().stream().filter(queue -> queue.queue().equals(queueName)).forEach(QueueDispatcher::wake);
    }

    private TaskNotFoundException notFound(String taskId) {
        return new TaskNotFoundException("owner '" + owner.id() + "' has no task '" + taskId + "' (R2)");
    }
}
