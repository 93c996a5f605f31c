package dev.taskhost.core.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a queue's tasks, oldest (first enqueued) first (R49).
 *
 * @param tasks the tasks of the page
 * @param nextCursor where the next page starts, opaque to the host; empty on the last page. A cursor
 *     names a position in enqueue order, not an offset, so it stays valid while tasks come and go.
 */
public record TaskPage(List<TaskRecord> tasks, Optional<String> nextCursor) {

    /** @throws NullPointerException if a component is null */
    public TaskPage {
        tasks = List.copyOf(tasks);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
