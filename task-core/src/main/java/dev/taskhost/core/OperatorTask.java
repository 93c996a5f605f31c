package dev.taskhost.core;

import dev.taskhost.api.TaskInfo;
import java.util.Objects;

/**
 * A task as an operator sees it: what {@code get} shows (R20), and whose it is. Immutable.
 *
 * @param owner the owner whose task it is
 * @param task its state
 */
public record OperatorTask(String owner, TaskInfo task) {

    /** @throws NullPointerException if a component is null */
    public OperatorTask {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(task, "task");
    }
}
