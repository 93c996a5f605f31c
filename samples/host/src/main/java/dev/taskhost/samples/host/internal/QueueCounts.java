package dev.taskhost.samples.host.internal;

import dev.taskhost.api.TaskStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How many tasks one owner's queue has in each status, whether it is paused, and where its running
 * tasks stand, as read from the store.
 *
 * @param owner the owner id
 * @param queue the queue name
 * @param pending pending tasks, including those waiting out a backoff or a delay
 * @param running running tasks
 * @param completed completed tasks that retention has not removed yet
 * @param failed failed tasks that retention has not removed yet
 * @param cancelled cancelled tasks that retention has not removed yet
 * @param paused whether the queue is paused (R44): it starts nothing until resumed
 * @param runs the running tasks' progress (R48), oldest first; empty when none were read
 */
public record QueueCounts(String owner, String queue, long pending, long running, long completed, long failed,
                          long cancelled, boolean paused, List<RunProgress> runs) {

    /** @throws NullPointerException if {@code owner}, {@code queue} or {@code runs} is null */
    public QueueCounts {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(queue, "queue");
        runs = List.copyOf(runs);
    }

    /** Counts of a queue that is not paused, without its running tasks' progress. */
    public QueueCounts(String owner, String queue, long pending, long running, long completed, long failed,
                       long cancelled) {
        this(owner, queue, pending, running, completed, failed, cancelled, false, List.of());
    }

    /** The counts of a store's {@code countByStatus}, where a status with no task is absent. */
    public static QueueCounts of(String owner, String queue, Map<TaskStatus, Long> byStatus) {
        return of(owner, queue, byStatus, false, List.of());
    }

    /** As {@link #of(String, String, Map)}, with whether the queue is paused and its runs' progress. */
    public static QueueCounts of(String owner, String queue, Map<TaskStatus, Long> byStatus, boolean paused,
                                 List<RunProgress> runs) {
        return new QueueCounts(owner, queue,
                byStatus.getOrDefault(TaskStatus.PENDING, 0L),
                byStatus.getOrDefault(TaskStatus.RUNNING, 0L),
                byStatus.getOrDefault(TaskStatus.COMPLETED, 0L),
                byStatus.getOrDefault(TaskStatus.FAILED, 0L),
                byStatus.getOrDefault(TaskStatus.CANCELLED, 0L),
                paused, runs);
    }

    /** The same counts shown under another owner name, such as one marked {@link NotInstalled}. */
    public QueueCounts withOwner(String shownOwner) {
        return new QueueCounts(shownOwner, queue, pending, running, completed, failed, cancelled, paused, runs);
    }

    /** Whether the queue still has work: a task pending or running. */
    public boolean hasWork() {
        return pending > 0 || running > 0;
    }

    /** {@code owner/queue}. */
    public String name() {
        return owner + "/" + queue;
    }

    /** The queue's name as the tables show it: {@code (paused)} follows a paused queue's name. */
    public String shownQueue() {
        return paused ? queue + " (paused)" : queue;
    }
}
