package dev.taskhost.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A live host on the store, as an operator sees it: one whose heartbeat has not run out. Immutable.
 *
 * @param id the host's id (the holder of its leases)
 * @param name the name of its machine
 * @param pid its process id
 * @param startedAt when it started, on its own clock
 * @param lastSeen when its last heartbeat was recorded, on the store's clock
 * @param runs the queues it runs, by owner then name, with how many tasks of each it runs now
 * @param thisHost whether it is the host this view belongs to
 */
public record OperatorHost(String id, String name, long pid, Instant startedAt, Instant lastSeen, List<Run> runs,
                           boolean thisHost) {

    /** @throws NullPointerException if a component is null */
    public OperatorHost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastSeen, "lastSeen");
        runs = List.copyOf(runs);
    }

    /** Whether the host runs the owner's queue. */
    public boolean runs(String owner, String queue) {
        return runs.stream().anyMatch(r -> r.owner().equals(owner) && r.queue().equals(queue));
    }

    /**
     * A queue a host runs.
     *
     * @param owner the owner whose queue it is
     * @param queue the queue's name
     * @param running how many of its tasks the host runs now
     */
    public record Run(String owner, String queue, int running) {

        /** @throws NullPointerException if a component is null */
        public Run {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queue, "queue");
        }
    }
}
