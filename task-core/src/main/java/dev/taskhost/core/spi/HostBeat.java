package dev.taskhost.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A host's heartbeat: who it is and what it runs now, recorded by {@link TaskStore#beat}. The
 * store stamps the beat on its own clock, and takes the host for live until {@code liveFor} has
 * passed on that clock without another beat, so hosts whose clocks disagree never judge each
 * other, and a reader need not know the writer's settings.
 *
 * @param hostId the host's id, unique per running host (the holder of its leases, {@link Lease})
 * @param hostName the name of the machine it runs on, as it knows it
 * @param pid its process id
 * @param startedAt when it started, on its own clock
 * @param liveFor how long it counts as live after this beat without another; positive
 * @param queues every queue it runs, by owner then name
 */
public record HostBeat(String hostId, String hostName, long pid, Instant startedAt, Duration liveFor,
                       List<HostQueue> queues) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if {@code liveFor} is not positive
     */
    public HostBeat {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(liveFor, "liveFor");
        if (liveFor.isNegative() || liveFor.isZero()) {
            throw new IllegalArgumentException("liveFor must be positive, was " + liveFor);
        }
        queues = List.copyOf(queues);
    }
}
