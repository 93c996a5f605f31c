package dev.taskhost.core.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A task that a claim moved to running.
 *
 * @param id the task id
 * @param queueName its queue
 * @param payload its bytes
 * @param attempt the attempt this run is, 1-based
 * @param readyAt when it became ready (the claim order, R11)
 */
public record ClaimedTask(String id, String queueName, byte[] payload, int attempt, Instant readyAt) {

    /** @throws NullPointerException if a component is null */
    public ClaimedTask {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(readyAt, "readyAt");
    }
}
