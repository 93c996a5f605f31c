package dev.taskhost.testkit.internal;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskNotRetryableException;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One owner's queues and tasks, in memory: the state behind the fake task service. Its messages are
 * worded as the host's. Arguments are already checked for null and for R3, R5 and R10; times are
 * given by the caller.
 *
 * <p>Thread-safe: every method holds this object's lock, and none calls out while holding it, so a
 * worker may call back into the service from inside an attempt.
 */
public final class InMemoryTasks {

    /** Cursors are this prefix and the enqueue sequence of the last task listed, in base 36. */
    private static final String CURSOR_PREFIX = "c";

    private final String owner;
    private final int maxConcurrency;
    private final Clock clock;
    private final Map<String, FakeQueue> queues = new HashMap<>();
    /** In enqueue order, which {@link #list} relies on. */
    private final Map<String, FakeTask> tasks = new LinkedHashMap<>();
    private long enqueued;
    private int allocated;

    /**
     * @param owner the owner id, for messages
     * @param maxConcurrency the owner's budget shared by its queues (R4)
     * @param clock what progress reports are stamped with (R48)
     */
    public InMemoryTasks(String owner, int maxConcurrency, Clock clock) {
        this.owner = owner;
        this.maxConcurrency = maxConcurrency;
        this.clock = clock;
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
     * Stores a pending task with the options (R41 to R43), keeping its own copy of the payload;
     * with a key an unfinished task of the queue holds, stores nothing.
     *
     * @return the new task's id, or that of the task holding the key
     * @throws QueueNotFoundException if the queue was not created (R8)
     */
    public synchronized String enqueue(String queueName, byte[] payload, EnqueueOptions options, Instant now) {
        requireQueue(queueName);
        if (options.key().isPresent()) {
            for (FakeTask task : tasks.values()) {
                if (task.holdsKey(queueName, options.key().get())) {
                    return task.id;
                }
            }
        }
        String id = TaskIds.next();
        while (tasks.containsKey(id)) { // 128 random bits: never in practice, but ids must be unique
            id = TaskIds.next();
        }
        tasks.put(id, new FakeTask(id, queueName, payload.clone(), enqueued++, now, options.readyAt(now),
                options.priority(), options.key()));
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
     * Cancels a pending task (R18), or with {@code running} also a running one, whose attempt's
     * thread is then interrupted and whose outcome is never recorded (R47).
     *
     * @throws TaskNotFoundException if there is no such task (R2, R21)
     * @throws TaskNotCancellableException if it cannot be cancelled; the message names its status
     */
    public synchronized void cancel(String taskId, boolean running, Instant now) {
        purgeExpired(now);
        FakeTask task = find(taskId);
        if (task.status == TaskStatus.RUNNING && running) {
            task.update(TaskStatus.CANCELLED, task.message, now);
            task.run.ifPresent(RunControl::cancel);
            return;
        }
        if (task.status != TaskStatus.PENDING) {
            throw new TaskNotCancellableException(running
                    ? "task '" + taskId + "' is " + task.status + "; only pending or running tasks can be cancelled (R47)"
                    : "task '" + taskId + "' is " + task.status + "; only pending tasks can be cancelled (R18)");
        }
        task.update(TaskStatus.CANCELLED, task.message, now);
    }

    /**
     * Makes a failed or cancelled task pending, ready now, with attempt 0; its message stays (R45).
     *
     * @throws TaskNotFoundException if there is no such task (R2, R21)
     * @throws TaskNotRetryableException if it is pending, running or completed
     */
    public synchronized void retry(String taskId, Instant now) {
        purgeExpired(now);
        FakeTask task = find(taskId);
        if (task.status != TaskStatus.FAILED && task.status != TaskStatus.CANCELLED) {
            throw new TaskNotRetryableException("task '" + taskId + "' is " + task.status
                    + "; only failed or cancelled tasks can be retried (R45)");
        }
        // R43: a key another unfinished task took meanwhile stays with that task.
        if (task.key.isPresent()
                && tasks.values().stream().anyMatch(other -> other.holdsKey(task.queueName, task.key.get()))) {
            task.key = Optional.empty();
        }
        task.attempt = 0;
        task.readyAt = now;
        task.update(TaskStatus.PENDING, task.message, now);
    }

    /**
     * Pauses or resumes the queue (R44); idempotent.
     *
     * @throws QueueNotFoundException if the queue was not created (R8)
     */
    public synchronized void setPaused(String queueName, boolean paused) {
        requireQueue(queueName);
        queues.get(queueName).paused = paused;
    }

    /** Every queue, sorted by name, with its counts by status (R49), after deleting what retention removed. */
    public synchronized List<QueueSummary> queues(Instant now) {
        purgeExpired(now);
        Map<String, Map<TaskStatus, Long>> counts = new TreeMap<>();
        queues.keySet().forEach(name -> counts.put(name, new EnumMap<>(TaskStatus.class)));
        for (FakeTask task : tasks.values()) {
            counts.get(task.queueName).merge(task.status, 1L, Long::sum);
        }
        List<QueueSummary> summaries = new ArrayList<>();
        counts.forEach((name, byStatus) -> {
            FakeQueue queue = queues.get(name);
            summaries.add(new QueueSummary(name, queue.config, queue.paused, byStatus));
        });
        return summaries;
    }

    /**
     * A page of the queue's tasks with the status, in enqueue order, after {@code cursor} (R49).
     *
     * @throws QueueNotFoundException if the queue was not created
     * @throws IllegalArgumentException if the cursor is not one this fake made
     */
    public synchronized TaskPage page(String queueName, Optional<TaskStatus> status, Optional<String> cursor,
                                      int pageSize, Instant now) {
        if (!queues.containsKey(queueName)) {
            throw new QueueNotFoundException("owner '" + owner + "' has no queue '" + queueName + "' (R49)");
        }
        long after = cursor.map(text -> parseCursor(queueName, text)).orElse(-1L);
        purgeExpired(now);
        List<TaskInfo> page = new ArrayList<>();
        boolean more = false;
        long last = after;
        for (FakeTask task : tasks.values()) {
            if (task.sequence <= after || !task.queueName.equals(queueName)
                    || status.isPresent() && task.status != status.get()) {
                continue;
            }
            if (page.size() == pageSize) {
                more = true;
                break;
            }
            page.add(task.toInfo());
            last = task.sequence;
        }
        return new TaskPage(page, more ? Optional.of(CURSOR_PREFIX + Long.toString(last, 36)) : Optional.empty());
    }

    private static long parseCursor(String queueName, String cursor) {
        try {
            if (cursor.startsWith(CURSOR_PREFIX)) {
                long sequence = Long.parseLong(cursor.substring(CURSOR_PREFIX.length()), 36);
                if (sequence >= 0) {
                    return sequence;
                }
            }
        } catch (NumberFormatException e) {
            // worded below, as for any other cursor it did not make
        }
        throw TaskLimits.badCursor(queueName, cursor);
    }

    /** Keeps a running attempt's progress report (R48); a report of an attempt that has ended is ignored. */
    public synchronized void progress(String taskId, int attempt, int percent, String note) {
        FakeTask task = tasks.get(taskId);
        if (task != null && task.status == TaskStatus.RUNNING && task.attempt == attempt) {
            task.progress = Optional.of(new TaskProgress(percent, note, Instant.ofEpochMilli(clock.millis())));
        }
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
     * queue is not paused (R44), has a free slot (R12) and whose delay has passed (R13), the one of
     * highest priority (R42), then ready first, ties in enqueue order (R11).
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
        RunControl control = new RunControl();
        next.run = Optional.of(control);
        String id = next.id;
        int attempt = next.attempt;
        Task task = new Task(next.queueName, id, next.payload.clone(), attempt,
                (percent, note) -> progress(id, attempt, percent, note));
        return Optional.of(new Claim(task, queue.config.timeout(), control));
    }

    /**
     * Records how a claimed attempt ended: completed, retried after the backoff, failed (R14, R46),
     * or given back when it was abandoned. Nothing is recorded for an attempt whose task is no
     * longer running it: it was cancelled while running (R47).
     */
    public synchronized void finish(Claim claim, AttemptResult result, Instant now) {
        FakeQueue queue = queues.get(claim.task().queueName());
        queue.ended();
        FakeTask task = tasks.get(claim.task().taskId());
        if (task == null || task.status != TaskStatus.RUNNING || task.run.orElse(null) != claim.control()) {
            return;
        }
        task.run = Optional.empty();
        if (result instanceof AttemptResult.Completed completed) {
            task.update(TaskStatus.COMPLETED, completed.message(), now);
        } else if (result instanceof AttemptResult.Failed failed) {
            if (failed.retryable() && task.attempt <= queue.config.maxRetries()) {
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

    /**
     * @throws QueueNotFoundException if the queue was not created (R8)
     */
    public synchronized void requireCreated(String queueName) {
        requireQueue(queueName);
    }

    private void requireQueue(String queueName) {
        if (!queues.containsKey(queueName)) {
            throw new QueueNotFoundException("owner '" + owner + "' has not created queue '" + queueName
                    + "' in this host's lifetime (R8)");
        }
    }
}
