package dev.taskhost.core.spi;

import java.util.Objects;

/**
 * One fire of a schedule (R51), as {@link OwnerStore#fire} applies it: the task to insert, guarded
 * by the schedule's state the host read.
 *
 * @param schedule the schedule as the host read it: the fire applies only if its revision and last
 *     fire are still those
 * @param task the fire's task, with the key made of the schedule's name and the fire time (R43),
 *     ready at the fire time
 */
public record ScheduleFire(StoredSchedule schedule, NewTask task) {

    /** @throws NullPointerException if a component is null */
    public ScheduleFire {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(task, "task");
    }

    /** The fire time: the task's ready time. */
    public java.time.Instant at() {
        return task.readyAt();
    }
}
