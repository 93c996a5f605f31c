package dev.taskhost.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a queue's tasks, oldest (first enqueued) first, as
 * {@link TaskService#listTasks} returns it (R49). Immutable.
 *
 * @param tasks the page's tasks
 * @param nextCursor what to pass to {@code listTasks} for the next page; empty on the last page.
 *     Opaque; it names a position in enqueue order, not an offset, so it stays valid while tasks
 *     are enqueued, change status or are deleted
 */
public record TaskPage(List<TaskInfo> tasks, Optional<String> nextCursor) {

    /** @throws NullPointerException if a component is null */
    public TaskPage {
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
