package dev.taskhost.core.internal;

import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.RunRef;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this host's leases on a shared store (R37): renews the runs of each owner in one call, and
 * interrupts the runs the store says this host no longer holds (cancelled by another host, R47, or
 * recovered by one) and those whose lease it could not renew in time (the store was unreachable).
 * Thread-safe.
 *
 * <p>Lease time is measured with {@link System#nanoTime()}, not the host's {@code Clock}: the store
 * stamps leases on its own clock, in real time, so an injected test clock says nothing about them.
 */
final class LeaseKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final Lease lease;
    private final long leaseNanos;
    private final Supplier<Collection<Owner>> owners;
    /** When each run's lease was last known to be held: the start of the last renewal that returned it. */
    private final Map<RunRef, Long> confirmed = new ConcurrentHashMap<>();

    LeaseKeeper(Lease lease, Supplier<Collection<Owner>> owners) {
        this.lease = lease;
        this.leaseNanos = nanosOrMax(lease.duration());
        this.owners = owners;
    }

    /** How often leases are renewed: a third of the lease, so that two renewals may fail before it expires. */
    Duration renewEvery() {
        return lease.duration().dividedBy(3);
    }

    /** Renews the leases of every owner's runs, one store call per owner. A failure is logged; the next try comes. */
    void renew() {
        Set<RunRef> seen = new HashSet<>();
        for (Owner owner : owners.get()) {
            Map<RunRef, QueueDispatcher> runs = new HashMap<>();
            for (QueueDispatcher queue : owner.queues()) {
                queue.runs().keySet().forEach(run -> runs.put(run, queue));
            }
            seen.addAll(runs.keySet());
            if (runs.isEmpty()) {
                continue;
            }
            long started = System.nanoTime();
            Set<RunRef> lost;
            try {
                lost = owner.store().renewLeases(runs.keySet(), lease);
            } catch (RuntimeException | Error e) {
                LOG.warn("owner '{}': renewing {} lease(s) failed; trying again in {} (R37)", owner.id(), runs.size(),
                        renewEvery(), e);
                continue;
            }
            for (RunRef run : runs.keySet()) {
                if (!lost.contains(run)) {
                    confirmed.put(run, started);
                }
            }
            if (!lost.isEmpty()) {
                long interrupted = runs.values().stream().distinct().mapToLong(queue -> queue.runsLost(lost)).sum();
                if (interrupted > 0) {
                    LOG.info("owner '{}': interrupted {} run(s) that are no longer this host's: cancelled or "
                            + "recovered elsewhere (R37, R47)", owner.id(), interrupted);
                }
            }
        }
        confirmed.keySet().retainAll(seen);
    }

    /**
     * Interrupts the runs whose lease has run out without a renewal: another host may recover them
     * now, so they must stop (R37). Each fails its attempt as a recovery would; the store applies
     * that only if no host recovered the run first. Reads nothing from the store.
     */
    void interruptUnrenewed() {
        long now = System.nanoTime();
        for (Owner owner : owners.get()) {
            for (QueueDispatcher queue : owner.queues()) {
                Set<RunRef> expired = new HashSet<>();
                queue.runs().forEach((run, claimedNanos) -> {
                    long held = Math.max(claimedNanos, confirmed.getOrDefault(run, claimedNanos));
                    if (now - held >= leaseNanos) {
                        expired.add(run);
                    }
                });
                long interrupted = expired.isEmpty() ? 0 : queue.leasesRanOut(expired);
                if (interrupted > 0) {
                    LOG.warn("owner '{}' queue '{}': interrupted {} run(s) whose lease ran out without a renewal "
                            + "(R37)", owner.id(), queue.queue(), interrupted);
                }
            }
        }
    }

    private static long nanosOrMax(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
