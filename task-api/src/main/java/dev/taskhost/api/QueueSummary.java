package dev.taskhost.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One of an owner's queues, as {@link TaskService#listQueues()} shows it (R49). Immutable.
 *
 * @param name the queue's name
 * @param config its config as last saved, with the concurrency it was granted (R4)
 * @param paused whether it is paused (R44)
 * @param counts how many of its tasks are in each status; every status is present, 0 when none
 */
public record QueueSummary(String name, QueueConfig config, boolean paused, Map<TaskStatus, Long> counts) {

    /**
     * Statuses missing from {@code counts} count 0.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a count is negative
     */
    public QueueSummary {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(counts, "counts");
        Map<TaskStatus, Long> all = new EnumMap<>(TaskStatus.class);
        for (TaskStatus status : TaskStatus.values()) {
            long count = counts.getOrDefault(status, 0L);
            if (count < 0) {
                throw new IllegalArgumentException("count of " + status + " must not be negative, was " + count);
            }
            all.put(status, count);
        }
        counts = java.util.Collections.unmodifiableMap(all);
    }

    /** How many of the queue's tasks have that status. */
    public long count(TaskStatus status) {
        return counts.get(Objects.requireNonNull(status, "status"));
    }
}
