package dev.taskhost.core.internal;

import dev.taskhost.core.QueueActivity;
import dev.taskhost.core.spi.HostBeat;
import dev.taskhost.core.spi.HostQueue;
import dev.taskhost.core.spi.TaskStore;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This host's heartbeat on its store: who it is, what it runs and its per-minute activity, so that
 * an operator on any host (or on the stored data alone) sees which hosts are live and what each
 * runs. Beaten once per poll; the host counts as live for {@link #liveFor} after each beat, on the
 * store's clock. Thread-safe.
 */
final class HostHeartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(HostHeartbeat.class);
    /** Beats a host may miss before it drops out of the live hosts. */
    static final int MISSED_BEATS = 3;
    /** The least time a host stays live after a beat, so that a short poll on a loaded machine does not flap. */
    static final Duration MIN_LIVE_FOR = Duration.ofSeconds(2);

    private final TaskStore store;
    private final String hostId;
    private final String hostName = hostName();
    private final long pid = ProcessHandle.current().pid();
    private final Instant startedAt;
    private final Duration liveFor;
    private final HostThreads threads;
    private final Map<String, Owner> owners;
    private volatile boolean failing;

    HostHeartbeat(TaskStore store, String hostId, Duration poll, HostThreads threads, Map<String, Owner> owners) {
        this.store = store;
        this.hostId = hostId;
        this.threads = threads;
        this.owners = owners;
        this.startedAt = threads.now();
        this.liveFor = liveFor(poll);
    }

    /** How long a host stays live after a beat, for a host that beats every {@code poll}. */
    static Duration liveFor(Duration poll) {
        Duration missed;
        try {
            missed = poll.multipliedBy(MISSED_BEATS);
        } catch (ArithmeticException tooLong) {
            return Duration.ofDays(365);
        }
        return missed.compareTo(MIN_LIVE_FOR) < 0 ? MIN_LIVE_FOR : missed;
    }

    String hostId() {
        return hostId;
    }

    /** What this host runs now, by owner then queue. */
    HostBeat current() {
        Instant now = threads.now();
        List<HostQueue> queues = new ArrayList<>();
        for (Owner owner : owners.values()) {
            for (QueueDispatcher queue : owner.queues()) {
                QueueActivity activity = threads.activity().of(owner.id(), queue.queue(), now)
                        .orElseGet(() -> HostActivity.none(now));
                queues.add(new HostQueue(owner.id(), queue.queue(), queue.runs().size(), activity));
            }
        }
        queues.sort(Comparator.comparing(HostQueue::owner).thenComparing(HostQueue::queue));
        return new HostBeat(hostId, hostName, pid, startedAt, liveFor, queues);
    }

    /** Records one beat; a failure is logged once until a beat succeeds again, and the next beat comes. */
    void beat() {
        try {
            store.beat(current());
            if (failing) {
                failing = false;
                LOG.info("host {}: its heartbeat is recorded again", hostId);
            }
        } catch (RuntimeException | Error e) {
            if (!failing) {
                failing = true;
                LOG.warn("host {}: recording its heartbeat failed; trying again each poll", hostId, e);
            }
        }
    }

    /** Removes this host's record: it is closing cleanly. A failure is logged; the record then runs out. */
    void forget() {
        try {
            store.forgetHost(hostId);
        } catch (RuntimeException | Error e) {
            LOG.warn("host {}: removing its heartbeat failed; it drops out of the live hosts within {}", hostId,
                    liveFor, e);
        }
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
