package dev.taskhost.core.spi;

import dev.taskhost.api.TaskProgress;
import java.util.Objects;

/**
 * A run's latest progress, to be stored while the run is still the task's current one (R48).
 *
 * @param run the run that reported it
 * @param progress what it reported
 */
public record ProgressReport(RunRef run, TaskProgress progress) {

    /** @throws NullPointerException if a component is null */
    public ProgressReport {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(progress, "progress");
    }
}
