package dev.taskhost.store.sqlite.internal;

import dev.taskhost.core.spi.HostBeat;
import dev.taskhost.core.spi.LiveHost;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heartbeats of the hosts on a SQLite store, in memory. One process uses a data directory at a
 * time (R38), and the host in it is the only one that beats, so nothing needs to outlive the
 * process: a host that dies takes its record with it. A store opened read-only by another process
 * (a console or {@code inspect} beside the host) holds no records. Times are on the system clock,
 * the store's own. Thread-safe.
 */
final class HostRecords {
    private final Clock clock;
    private final Map<String, Record> hosts = new ConcurrentHashMap<>();

    HostRecords(Clock clock) {
        this.clock = clock;
    }

    void beat(HostBeat beat) {
        Objects.requireNonNull(beat, "beat");
        Instant now = now();
        hosts.values().removeIf(r -> !r.expiresAt().isAfter(now));
        hosts.put(beat.hostId(), new Record(beat, now, now.plus(beat.liveFor())));
    }

    void forget(String hostId) {
        hosts.remove(Objects.requireNonNull(hostId, "hostId"));
    }

    List<LiveHost> live() {
        Instant now = now();
        List<LiveHost> live = new ArrayList<>();
        for (Record r : hosts.values()) {
            if (r.expiresAt().isAfter(now)) {
                live.add(new LiveHost(r.beat().hostId(), r.beat().hostName(), r.beat().pid(), r.beat().startedAt(),
                        r.lastSeen(), r.beat().queues()));
            }
        }
        live.sort(Comparator.comparing(LiveHost::hostName).thenComparing(LiveHost::hostId));
        return live;
    }

    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    private record Record(HostBeat beat, Instant lastSeen, Instant expiresAt) {
    }
}
