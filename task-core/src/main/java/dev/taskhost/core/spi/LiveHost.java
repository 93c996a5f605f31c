package dev.taskhost.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A host whose last heartbeat has not run out, as {@link TaskStore#liveHosts} reads it.
 *
 * @param hostId the host's id
 * @param hostName the name of its machine
 * @param pid its process id
 * @param startedAt when it started, on its own clock
 * @param lastSeen when its last beat was recorded, on the store's clock
 * @param queues what it runs, as its last beat told, by owner then name
 */
public record LiveHost(String hostId, String hostName, long pid, Instant startedAt, Instant lastSeen,
                       List<HostQueue> queues) {

    /** @throws NullPointerException if a component is null */
    public LiveHost {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(lastSeen, "lastSeen");
        queues = List.copyOf(queues);
    }
}
