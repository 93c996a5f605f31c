package dev.taskhost.core.spi;

import dev.taskhost.api.QueueConfig;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A queue as the store holds it.
 *
 * @param name the queue's name
 * @param config the config last saved
 * @param paused whether it is paused (R44)
 * @param lastStart when a task of it last started, on any host (R13, R36)
 */
public record StoredQueue(String name, QueueConfig config, boolean paused, Optional<Instant> lastStart) {

    /** @throws NullPointerException if a component is null */
    public StoredQueue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(lastStart, "lastStart");
    }
}
