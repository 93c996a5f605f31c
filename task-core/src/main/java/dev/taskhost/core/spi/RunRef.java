package dev.taskhost.core.spi;

import java.util.Objects;

/**
 * One attempt of one task: the run a lease, a progress report or an outcome is about.
 *
 * @param taskId the task
 * @param attempt the attempt that runs, 1-based
 */
public record RunRef(String taskId, int attempt) {

    /** @throws NullPointerException if {@code taskId} is null */
    public RunRef {
        Objects.requireNonNull(taskId, "taskId");
    }
}
