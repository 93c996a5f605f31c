package dev.taskhost.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A task to insert. The store keeps the payload array as given; the host never changes it.
 *
 * @param id the host-made id, unique in the store
 * @param queueName its queue
 * @param payload its bytes
 * @param createdAt when it was enqueued; also when it becomes ready
 */
public record NewTask(String id, String queueName, byte[] payload, Instant createdAt) {

    /** @throws NullPointerException if a component is null */
    public NewTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
