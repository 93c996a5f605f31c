package dev.taskhost.core.internal;

import java.util.Collection;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recovers runs of this host's opened queues whose lease expired on the store's clock (R37): the
 * attempt counts as failed and R14 decides, retry or failed. The store applies a recovery only if
 * the run is still running at that attempt and still expired, so a run that just ended, or was
 * renewed, is left alone. Thread-safe.
 */
final class ExpiredRunRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiredRunRecovery.class);

    private final String holder;
    private final HostThreads threads;
    private final Supplier<Collection<Owner>> owners;

    ExpiredRunRecovery(String holder, HostThreads threads, Supplier<Collection<Owner>> owners) {
        this.holder = holder;
        this.threads = threads;
        this.owners = owners;
    }

    /** One pass over every opened queue. A failure is logged per queue; the next pass tries again. */
    void recover() {
        for (Owner owner : owners.get()) {
            for (QueueDispatcher queue : owner.queues()) {
                try {
                    recover(owner, queue);
                } catch (RuntimeException | Error e) {
                    LOG.warn("owner '{}' queue '{}': looking for expired leases failed (R37)", owner.id(),
                            queue.queue(), e);
                }
            }
        }
    }

    private void recover(Owner owner, QueueDispatcher queue) {
        var now = threads.now();
        int recovered = AbandonedRuns.recover(owner.store(), holder, queue.queue(), queue.config(), now,
                attempt -> "the lease of attempt " + attempt + " expired: its host died, hung or lost the store (R37)",
                queue::sweepAt);
        if (recovered == 0) {
            return;
        }
        threads.events().recovered(owner.id(), queue.queue(), recovered, now);
        LOG.info("owner '{}' queue '{}': recovered {} run(s) whose lease expired (R37)", owner.id(), queue.queue(),
                recovered);
        // The recovered runs freed their slots, and retries may be ready.
        queue.wake();
    }
}
