package dev.taskhost.samples.host.internal;

import dev.taskhost.api.TaskStatus;
import java.util.Map;
import java.util.Objects;

/**
 * How many tasks one owner's queue has in each status, as read from the store.
 *
 * @param owner the owner id
 * @param queue the queue name
 * @param pending pending tasks, including those waiting out a backoff or a delay
 * @param running running tasks
 * @param completed completed tasks that retention has not removed yet
 * @param failed failed tasks that retention has not removed yet
 * @param cancelled cancelled tasks that retention has not removed yet
 */
public record QueueCounts(String owner, String queue, long pending, long running, long completed, long failed,
                          long cancelled) {

    /** @throws NullPointerException if {@code owner} or {@code queue} is null */
    public QueueCounts {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(queue, "queue");
    }

    /** The counts of a store's {@code countByStatus}, where a status with no task is absent. */
    public static QueueCounts of(String owner, String queue, Map<TaskStatus, Long> byStatus) {
        return new QueueCounts(owner, queue,
                byStatus.getOrDefault(TaskStatus.PENDING, 0L),
                byStatus.getOrDefault(TaskStatus.RUNNING, 0L),
                byStatus.getOrDefault(TaskStatus.COMPLETED, 0L),
                byStatus.getOrDefault(TaskStatus.FAILED, 0L),
                byStatus.getOrDefault(TaskStatus.CANCELLED, 0L));
    }

    /** Whether the queue still has work: a task pending or running. */
    public boolean hasWork() {
        return pending > 0 || running > 0;
    }

    /** {@code owner/queue}. */
    public String name() {
        return owner + "/" + queue;
    }
}
