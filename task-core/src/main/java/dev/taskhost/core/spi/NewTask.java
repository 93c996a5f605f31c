package dev.taskhost.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A task to insert. The store keeps the payload array as given; the host never changes it.
 *
 * @param id the host-made id, unique in the store
 * @param queueName its queue
 * @param payload its bytes
 * @param createdAt when it was enqueued
 * @param readyAt when it becomes ready (R41); {@code createdAt} for a task to run now
 * @param priority higher starts first among ready tasks (R42); 0 by default
 * @param key unique among the queue's unfinished tasks, if given (R43)
 */
public record NewTask(String id, String queueName, byte[] payload, Instant createdAt, Instant readyAt,
                      int priority, Optional<String> key) {

    /** @throws NullPointerException if a component is null */
    public NewTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(readyAt, "readyAt");
        Objects.requireNonNull(key, "key");
    }

    /** A task ready at once, with priority 0 and no key. */
    public NewTask(String id, String queueName, byte[] payload, Instant createdAt) {
        this(id, queueName, payload, createdAt, createdAt, 0, Optional.empty());
    }
}
