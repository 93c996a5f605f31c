package dev.taskhost.samples.webhook;

import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The plugin's one worker: a task of {@value WebhookDeliveryPlugin#DIGEST_QUEUE} (the daily digest
 * its cron schedule enqueues, R50) sums up the deliveries so far; any other task is a delivery.
 */
final class DigestWorker implements TaskWorker {
    private final TaskWorker deliveries;
    private final Supplier<TaskService> tasks;

    /** {@code tasks} is read when a digest runs: the service the worker was handed to. */
    DigestWorker(TaskWorker deliveries, Supplier<TaskService> tasks) {
        this.deliveries = Objects.requireNonNull(deliveries, "deliveries");
        this.tasks = Objects.requireNonNull(tasks, "tasks");
    }

    @Override
    public String execute(Task task) throws Exception {
        if (!task.queueName().equals(WebhookDeliveryPlugin.DIGEST_QUEUE)) {
            return deliveries.execute(task);
        }
        QueueSummary summary = tasks.get().listQueues().stream()
                .filter(queue -> queue.name().equals(WebhookDeliveryPlugin.QUEUE))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no queue '" + WebhookDeliveryPlugin.QUEUE + "'"));
        return "digest: " + summary.count(TaskStatus.COMPLETED) + " delivered, " + summary.count(TaskStatus.FAILED)
                + " given up, " + (summary.count(TaskStatus.PENDING) + summary.count(TaskStatus.RUNNING))
                + " in progress";
    }
}
