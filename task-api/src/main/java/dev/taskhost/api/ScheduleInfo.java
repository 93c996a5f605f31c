package dev.taskhost.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One of an owner's schedules, as {@link TaskService#listSchedules()} shows it (R50). Immutable.
 *
 * @param name the schedule's name
 * @param queueName the queue its fires enqueue into
 * @param schedule when it fires
 * @param lastFire the fire time of the last task it enqueued; empty before its first fire
 * @param nextFire the fire time it enqueues next: in the past when a fire is due (R52: after a
 *     downtime, the latest missed one); empty if the expression names no time to come
 */
public record ScheduleInfo(String name, String queueName, Schedule schedule, Optional<Instant> lastFire,
                           Optional<Instant> nextFire) {

    /** @throws NullPointerException if a component is null */
    public ScheduleInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(lastFire, "lastFire");
        Objects.requireNonNull(nextFire, "nextFire");
    }
}
