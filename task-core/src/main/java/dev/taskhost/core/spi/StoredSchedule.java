package dev.taskhost.core.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A schedule as a store keeps it (R50). The store does not read {@code spec}: the host wrote it and
 * reads it back.
 *
 * @param name unique among the owner's schedules
 * @param queueName the queue its fires enqueue into
 * @param spec when it fires, in the host's text form
 * @param payload each fire's task's payload
 * @param anchor when it was stored (or last replaced): fires count from it
 * @param lastFire the fire time of its last enqueued task; empty before the first
 * @param revision grows each time the schedule is replaced, so that a fire computed from an older
 *     version changes nothing
 */
public record StoredSchedule(String name, String queueName, String spec, byte[] payload, Instant anchor,
                             Optional<Instant> lastFire, long revision) {

    /** @throws NullPointerException if a component is null */
    public StoredSchedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(lastFire, "lastFire");
    }

    /** The last fire, or the anchor before the first: no fire at or before it is due. */
    public Instant base() {
        return lastFire.orElse(anchor);
    }
}
