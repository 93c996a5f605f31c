package dev.taskhost.core.internal;

import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.TaskRecord;
import java.util.Collection;
import java.util.List;
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
        List<TaskRecord> expired = owner.store().abandoned(queue.queue(), holder);
        if (expired.isEmpty()) {
            return;
        }
        var now = threads.now();
        List<Outcome> outcomes = expired.stream()
                .map(task -> Attempts.afterFailure(task.id(), task.attempt(), queue.config(),
                        "the lease of attempt " + task.attempt() + " expired: its host died, hung or lost the "
                                + "store (R37)", now))
                .toList();
        int recovered = owner.store().recordAbandoned(outcomes, holder);
        if (recovered == 0) {
            return;
        }
        threads.events().recovered(owner.id(), queue.queue(), recovered, now);
        LOG.info("owner '{}' queue '{}': recovered {} run(s) whose lease expired (R37)", owner.id(), queue.queue(),
                recovered);
        outcomes.stream().filter(o -> o.status().isTerminal())
                .forEach(o -> queue.sweepAt(o.at().plus(queue.retention())));
        // The recovered runs freed their slots, and retries may be ready.
        queue.wake();
    }
}
