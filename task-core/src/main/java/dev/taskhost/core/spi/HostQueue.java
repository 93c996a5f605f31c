package dev.taskhost.core.spi;

import dev.taskhost.core.QueueActivity;
import java.util.Objects;

/**
 * One queue a host runs, as its heartbeat tells it ({@link HostBeat}).
 *
 * @param owner the owner whose queue it is
 * @param queue the queue's name
 * @param running how many of its tasks the host runs now
 * @param activity the host's own starts, completions and failures of it per minute over the last
 *     hour, as the host counted them (zeros where it has none)
 */
public record HostQueue(String owner, String queue, int running, QueueActivity activity) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code running} is negative
     */
    public HostQueue {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(activity, "activity");
        if (running < 0) {
            throw new IllegalArgumentException("running must not be negative, was " + running);
        }
    }
}
