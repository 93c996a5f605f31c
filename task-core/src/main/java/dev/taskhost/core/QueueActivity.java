package dev.taskhost.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A queue's starts, completions and failures per minute, oldest minute first. Immutable.
 *
 * @param firstMinute the start of the first minute counted
 * @param starts runs started in each minute
 * @param completions runs that completed in each minute
 * @param failures attempts that failed in each minute (retried or not)
 */
public record QueueActivity(Instant firstMinute, List<Long> starts, List<Long> completions, List<Long> failures) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if the lists differ in length
     */
    public QueueActivity {
        Objects.requireNonNull(firstMinute, "firstMinute");
        starts = List.copyOf(starts);
        completions = List.copyOf(completions);
        failures = List.copyOf(failures);
        if (starts.size() != completions.size() || starts.size() != failures.size()) {
            throw new IllegalArgumentException("starts, completions and failures must count the same minutes, were "
                    + starts.size() + ", " + completions.size() + " and " + failures.size());
        }
    }
}
