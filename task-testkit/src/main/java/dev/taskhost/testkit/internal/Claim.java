package dev.taskhost.testkit.internal;

import dev.taskhost.api.Task;
import java.time.Duration;
import java.util.Objects;

/**
 * A task moved to running, with what its attempt needs.
 *
 * @param task what the worker gets; its payload is a copy of the stored one
 * @param timeout how long the attempt may run in real time; zero for no limit (R15)
 * @param control what cancels the running attempt (R47)
 */
public record Claim(Task task, Duration timeout, RunControl control) {

    /** @throws NullPointerException if a component is null */
    public Claim {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(control, "control");
    }
}
