package dev.taskhost.integration;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskNotRetryableException;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reference model: SPEC's rules for one owner, as a small state machine written from SPEC alone,
 * on a clock that moves only when told. Attempts are instantaneous, so the queue's concurrency only
 * matters for the budget (R4); a delay lets one task start per slot (R13); order is priority (R42),
 * then ready time (R41), then enqueue order (R11); a paused queue starts nothing (R44); a key held
 * by an unfinished task makes an enqueue return that task (R43). Not thread-safe.
 */
final class SpecModel implements ModelSubject {

    private static final class Queue {
        final QueueConfig config;
        Optional<Instant> lastStart = Optional.empty();
        boolean paused;

        Queue(QueueConfig config) {
            this.config = config;
        }
    }

    private static final class Task {
        final long seq;
        final String queue;
        final byte[] payload;
        final Instant createdAt;
        final int priority;
        Optional<String> key;
        TaskStatus status = TaskStatus.PENDING;
        String message = "";
        int attempt;
        Instant updatedAt;
        Instant readyAt;

        Task(long seq, String queue, byte[] payload, Instant now, EnqueueOptions options) {
            this.seq = seq;
            this.queue = queue;
            this.payload = payload;
            this.createdAt = now;
            this.updatedAt = now;
            this.readyAt = options.readyAt(now);
            this.priority = options.priority();
            this.key = options.key();
        }

        boolean holds(String queueName, String wanted) {
            return !status.isTerminal() && queue.equals(queueName) && key.isPresent() && key.get().equals(wanted);
        }

        void update(TaskStatus newStatus, String newMessage, Instant now) {
            status = newStatus;
            message = newMessage;
            updatedAt = now;
        }
    }

    private final Map<String, Queue> queues = new HashMap<>();
    /** By the label of the enqueue that made them; removed by retention (R21). */
    private final Map<Integer, Task> tasks = new LinkedHashMap<>();
    /** Enqueues whose key was held (R43): their label names the holder's task. */
    private final Map<Integer, Integer> aliases = new HashMap<>();
    private final int budget;
    private int allocated;
    private long enqueued;
    private Instant now;

    SpecModel(Instant start, int budget) {
        this.now = start;
        this.budget = budget;
    }

    @Override
    public Observation apply(ModelOp op) {
        Observation seen = call(op);
        runDue();
        return seen;
    }

    private Observation call(ModelOp op) {
        if (op instanceof ModelOp.CreateQueue create) {
            return createQueue(create.queue(), create.config());
        }
        if (op instanceof ModelOp.Enqueue enqueue) {
            if (!queues.containsKey(enqueue.queue())) {
                return Observation.threw(QueueNotFoundException.class); // R8
            }
            Optional<String> key = enqueue.options().key();
            if (key.isPresent()) {
                for (Map.Entry<Integer, Task> task : tasks.entrySet()) {
                    if (task.getValue().holds(enqueue.queue(), key.get())) {
                        aliases.put(enqueue.label(), task.getKey());
                        return Observation.of("the id of #" + task.getKey()); // R43
                    }
                }
            }
            tasks.put(enqueue.label(), new Task(enqueued++, enqueue.queue(), enqueue.payload(), now, enqueue.options()));
            return Observation.of("an id");
        }
        if (op instanceof ModelOp.Cancel cancel) {
            return cancel(cancel.task(), cancel.interrupt());
        }
        if (op instanceof ModelOp.Pause pause) {
            return setPaused(pause.queue(), true, "paused");
        }
        if (op instanceof ModelOp.Resume resume) {
            return setPaused(resume.queue(), false, "resumed");
        }
        if (op instanceof ModelOp.Retry retry) {
            return retry(retry.task());
        }
        if (op instanceof ModelOp.Get get) {
            return get(get.task());
        }
        if (op instanceof ModelOp.ClearQueue clear) {
            if (!queues.containsKey(clear.queue())) {
                return Observation.threw(QueueNotFoundException.class); // R8
            }
            long cleared = 0;
            for (Task task : tasks.values()) {
                if (task.queue.equals(clear.queue()) && task.status == TaskStatus.PENDING) {
                    task.update(TaskStatus.CANCELLED, task.message, now); // R19
                    cleared++;
                }
            }
            return Observation.of("cleared " + cleared);
        }
        if (op instanceof ModelOp.Advance advance) {
            now = now.plus(advance.by());
        }
        return Observation.of("done");
    }

    private Observation createQueue(String name, QueueConfig config) {
        if (queues.containsKey(name)) {
            return Observation.threw(QueueExistsException.class); // R6
        }
        int left = budget - allocated;
        if (left <= 0) {
            return Observation.threw(IllegalStateException.class); // R4
        }
        int granted = Math.min(config.concurrency(), left);
        allocated += granted;
        queues.put(name, new Queue(config));
        return Observation.of("created");
    }

    /** Attempts are instantaneous, so no task is ever running when a step cancels it (R18, R47). */
    private Observation cancel(int label, boolean interrupt) {
        Task task = task(label);
        if (task == null) {
            return Observation.threw(TaskNotFoundException.class); // R2, R21
        }
        if (task.status != TaskStatus.PENDING) {
            return Observation.threw(TaskNotCancellableException.class); // R18, R47
        }
        task.update(TaskStatus.CANCELLED, task.message, now);
        return Observation.of("cancelled");
    }

    private Observation setPaused(String queue, boolean paused, String done) {
        if (!queues.containsKey(queue)) {
            return Observation.threw(QueueNotFoundException.class); // R44
        }
        queues.get(queue).paused = paused;
        return Observation.of(done);
    }

    /** R45: pending, ready now, attempt 0, message kept; a key another task took meanwhile is dropped (R43). */
    private Observation retry(int label) {
        Task task = task(label);
        if (task == null) {
            return Observation.threw(TaskNotFoundException.class);
        }
        if (task.status != TaskStatus.FAILED && task.status != TaskStatus.CANCELLED) {
            return Observation.threw(TaskNotRetryableException.class);
        }
        if (task.key.isPresent()
                && tasks.values().stream().anyMatch(other -> other.holds(task.queue, task.key.get()))) {
            task.key = Optional.empty();
        }
        task.attempt = 0;
        task.readyAt = now;
        task.update(TaskStatus.PENDING, task.message, now);
        return Observation.of("retried");
    }

    private Task task(int label) {
        return tasks.get(aliases.getOrDefault(label, label));
    }

    @Override
    public Observation get(int label) {
        Task task = task(label);
        if (task == null) {
            return Observation.threw(TaskNotFoundException.class);
        }
        return Observation.ofTask(task.status, task.attempt, task.queue, task.createdAt, task.updatedAt,
                task.message, task.priority, task.key,
                task.status == TaskStatus.PENDING ? Optional.of(task.readyAt) : Optional.empty());
    }

    /** Retention first (R21), then every start the clock allows, in readiness order (R11, R13, R14). */
    private void runDue() {
        tasks.values().removeIf(task -> task.status.isTerminal()
                && !task.updatedAt.plus(queues.get(task.queue).config.retention()).isAfter(now));
        for (Map.Entry<String, Queue> entry : queues.entrySet()) {
            Queue queue = entry.getValue();
            Optional<Task> next;
            while (mayStart(queue) && (next = nextReady(entry.getKey())).isPresent()) {
                start(queue, next.get());
            }
        }
    }

    private boolean mayStart(Queue queue) {
        return !queue.paused && queue.lastStart.map(last -> !last.plus(queue.config.delay()).isAfter(now)).orElse(true);
    }

    private Optional<Task> nextReady(String queue) {
        List<Task> ready = new ArrayList<>();
        for (Task task : tasks.values()) {
            if (task.queue.equals(queue) && task.status == TaskStatus.PENDING && !task.readyAt.isAfter(now)) {
                ready.add(task);
            }
        }
        return ready.stream().min(Comparator.comparingInt((Task task) -> task.priority).reversed()
                .thenComparing((Task task) -> task.readyAt).thenComparingLong(task -> task.seq));
    }

    private void start(Queue queue, Task task) {
        queue.lastStart = Optional.of(now);
        task.attempt++;
        ModelWorker.Outcome outcome = ModelWorker.outcome(task.payload, task.attempt);
        if (outcome.ending() == ModelWorker.Ending.COMPLETED) {
            task.update(TaskStatus.COMPLETED, outcome.message(), now);
        } else if (outcome.ending() == ModelWorker.Ending.CANCELLED) {
            task.update(TaskStatus.CANCELLED, task.message, now); // R47: what the worker returned is not kept
        } else if (outcome.ending() == ModelWorker.Ending.FAILED && task.attempt <= queue.config.maxRetries()) {
            task.readyAt = now.plus(queue.config.retryDelay(task.attempt));
            task.update(TaskStatus.PENDING, outcome.message(), now);
        } else {
            task.update(TaskStatus.FAILED, outcome.message(), now);
        }
    }

    @Override
    public void close() {
    }
}
