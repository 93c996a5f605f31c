package dev.taskhost.core.internal;

import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.TaskStore;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * What a host does only on a store that other hosts share (R35): it renews its leases and
 * interrupts the runs it lost (R37), recovers expired runs of its opened queues within the lease
 * plus one poll (R37), wakes a queue at once when another host tells that it has ready tasks (R39),
 * wakes every queue once per poll, the fallback for lost wake-ups, and once per poll takes in the
 * schedules other hosts stored, replaced or removed (R35, R50), and once per poll records the host's
 * heartbeat (who it is and what it runs, for the operator). Each duty runs on a thread
 * of its own, so that a store call that hangs until its timeout (R40) delays no other duty.
 * Thread-safe.
 */
final class SharedStoreDuties {
    /** How often runs are checked for a lease that ran out without a renewal, as a fraction of the lease. */
    private static final int EXPIRY_CHECKS_PER_LEASE = 10;

    private final ScheduledThreadPoolExecutor timers;
    private final LeaseKeeper keeper;
    private final ExpiredRunRecovery recovery;
    private final Map<String, Owner> owners;
    private final Duration poll;
    private final Duration lease;
    private final HostHeartbeat heartbeat;

    private SharedStoreDuties(Lease lease, Duration poll, HostThreads threads, Map<String, Owner> owners,
                              HostHeartbeat heartbeat) {
        this.owners = owners;
        this.heartbeat = heartbeat;
        this.poll = poll;
        this.lease = lease.duration();
        Supplier<Collection<Owner>> current = owners::values;
        this.keeper = new LeaseKeeper(lease, current);
        this.recovery = new ExpiredRunRecovery(lease.holder(), threads, current);
        AtomicInteger count = new AtomicInteger();
        this.timers = new ScheduledThreadPoolExecutor(5, task -> {
            Thread thread = new Thread(task, "taskhost-shared-" + count.incrementAndGet());
            thread.setDaemon(true);
            thread.setContextClassLoader(SharedStoreDuties.class.getClassLoader());
            return thread;
        });
        timers.setRemoveOnCancelPolicy(true);
        // Started now, by whoever builds the host, for the reason HostThreads gives.
        timers.prestartAllCoreThreads();
    }

    /**
     * Starts the duties if the store is shared, and listens to it; on a store of one host, nothing.
     *
     * @param poll how often expired runs are looked for and every queue is woken (R37, R39)
     */
    static Optional<SharedStoreDuties> startIfShared(TaskStore store, Lease lease, Duration poll,
                                                     HostThreads threads, Map<String, Owner> owners,
                                                     HostHeartbeat heartbeat) {
        if (!store.shared()) {
            return Optional.empty();
        }
        SharedStoreDuties duties = new SharedStoreDuties(lease, poll, threads, owners, heartbeat);
        store.listen(duties::ready);
        duties.schedule();
        return Optional.of(duties);
    }

    private void schedule() {
        long renew = Math.max(1, millisOrMax(keeper.renewEvery()));
        long check = Math.max(1, millisOrMax(lease.dividedBy(EXPIRY_CHECKS_PER_LEASE)));
        long every = Math.max(1, millisOrMax(poll));
        timers.scheduleWithFixedDelay(keeper::renew, renew, renew, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(keeper::interruptUnrenewed, check, check, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::pollPass, every, every, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(this::refreshSchedules, every, every, TimeUnit.MILLISECONDS);
        // The first beat at once, so that the host is listed from its start.
        timers.scheduleWithFixedDelay(heartbeat::beat, 0, every, TimeUnit.MILLISECONDS);
    }

    /** One read of each owner's schedules per poll: what other hosts scheduled or unscheduled (R50). */
    private void refreshSchedules() {
        owners.values().forEach(owner -> owner.schedules().refresh());
    }

    /** Another host made tasks of the queue ready (R39): wake it, if this host opened it. Never blocks. */
    private void ready(String ownerId, String queueName) {
        Owner owner = owners.get(ownerId);
        if (owner != null) {
            owner.queues().stream().filter(queue -> queue.queue().equals(queueName)).forEach(QueueDispatcher::wake);
        }
    }

    private void pollPass() {
        recovery.recover();
        // The fallback for wake-ups lost with a dropped connection (R39, R40).
        owners.values().forEach(owner -> owner.queues().forEach(QueueDispatcher::wake));
    }

    /** Stops every duty, waiting for a pass under way; once the host's runs are released, before the store closes. */
    void stop() {
        timers.shutdownNow();
        try {
            // A pass blocked in the store ends when the store closes under it (its call then fails, and
            // is logged): waiting here longer would only hold close up.
            timers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long millisOrMax(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
