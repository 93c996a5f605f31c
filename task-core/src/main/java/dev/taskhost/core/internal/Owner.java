package dev.taskhost.core.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.OwnerStore;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One owner in this host: its store, its budget (R4) and the queues it opened in this lifetime. Thread-safe. */
final class Owner {
    private static final Logger LOG = LoggerFactory.getLogger(Owner.class);

    private final String id;
    private final OwnerStore store;
    private final ConcurrencyBudget budget;
    private final HostThreads threads;
    private final RetentionSweeper sweeper;
    private final Lease lease;
    private final Map<String, QueueDispatcher> queues = new ConcurrentHashMap<>();
    private final OwnerSchedules schedules;
    /** Set, under this owner's lock, once it starts no more queues (R22, R34). */
    private volatile boolean stopped;
    private final AtomicBoolean stopBegun = new AtomicBoolean();
    private final CountDownLatch stopEnded = new CountDownLatch(1);

    Owner(String id, int maxConcurrency, OwnerStore store, HostThreads threads, RetentionSweeper sweeper,
          Lease lease) {
        this.id = id;
        this.store = store;
        this.budget = new ConcurrencyBudget(id, maxConcurrency);
        this.threads = threads;
        this.sweeper = sweeper;
        this.lease = lease;
        this.schedules = new OwnerSchedules(this, threads);
    }

    /** This owner's schedules in this host (R50 to R53). */
    OwnerSchedules schedules() {
        return schedules;
    }

    String id() {
        return id;
    }

    int maxConcurrency() {
        return budget.total();
    }

    OwnerStore store() {
        return store;
    }

    void ensureActive() {
        if (stopped) {
            throw new IllegalStateException("owner '" + id + "' was stopped; its services are closed");
        }
    }

    /** Marks the owner as being stopped; true for the first caller only, who must call {@link #stopped}. */
    boolean beginStop() {
        return stopBegun.compareAndSet(false, true);
    }

    boolean stopping() {
        return stopBegun.get();
    }

    /** Nothing of this owner runs any more (or, past the grace, its runs were released). */
    void stopped() {
        stopEnded.countDown();
    }

    /** Waits until {@link #stopped} was called: at most the shutdown grace and the outcome writes. */
    void awaitStopped() {
        // Returning before the stop ends would break R34; an interrupt is kept for the caller.
        Engine.awaitUninterruptibly(stopEnded);
    }

    /** Opens the queue for this lifetime (R6): saves its config, recovers stale runs (R17), starts it. */
    synchronized void createQueue(String name, QueueConfig requested, TaskWorker worker) {
        ensureActive();
        if (queues.containsKey(name)) {
            throw new QueueExistsException("owner '" + id + "' already created queue '" + name
                    + "' in this host's lifetime (R6)");
        }
        int granted = budget.allocate(requested.concurrency());
        QueueConfig config = withConcurrency(requested, granted);
        if (granted < requested.concurrency()) {
            LOG.warn("owner '{}' queue '{}': concurrency {} asked, {} granted from the owner's budget of {} (R4)",
                    id, name, requested.concurrency(), granted, budget.total());
        }
        try {
            Instant now = threads.now();
            store.saveQueue(name, config, now);
            recoverStaleRuns(name, config, now);
        } catch (RuntimeException e) {
            budget.release(granted);
            throw e;
        }
        // R21: a re-opened queue's retention may be shorter than the one its finished tasks were
        // last swept by; the timer set by then would be late.
        sweepNextExpiry();
        QueueDispatcher dispatcher = new QueueDispatcher(id, name, config, store, worker, threads, sweeper, lease);
        queues.put(name, dispatcher);
        dispatcher.wake();
        schedules.queueCreated(name);
    }

    /** Makes sure a sweep comes when this owner's next finished task expires (R21). Never throws. */
    void sweepNextExpiry() {
        sweeper.sweepNextExpiry(store);
    }

    /** The queue opened in this lifetime (R8). */
    QueueDispatcher queue(String name) {
        QueueDispatcher queue = queues.get(name);
        if (queue == null) {
            throw new QueueNotFoundException("owner '" + id + "' has not created queue '" + name
                    + "' in this host's lifetime (R8)");
        }
        return queue;
    }

    /** The queue, if it was opened in this lifetime (R8). */
    java.util.Optional<QueueDispatcher> created(String name) {
        return java.util.Optional.ofNullable(queues.get(name));
    }

    Collection<QueueDispatcher> queues() {
        return queues.values();
    }

    /**
     * Stops starting tasks in every queue, and marks the owner's services closed (R22). Taken under
     * the lock {@link #createQueue} holds, so a queue is either created before, and stopped here, or
     * refused (R34).
     */
    void stopStarting() throws InterruptedException {
        List<QueueDispatcher> stopping;
        synchronized (this) {
            stopped = true;
            stopping = List.copyOf(queues.values());
        }
        try {
            threads.scheduler().submit(() -> {
                schedules.stop();
                stopping.forEach(QueueDispatcher::stop);
            }).get();
        } catch (RejectedExecutionException | CancellationException e) {
            // The scheduler is shut down: close has stopped every queue already, this owner's included.
            LOG.debug("owner '{}': the host closed while the owner was being stopped", id);
        } catch (ExecutionException e) {
            throw new IllegalStateException("stopping the queues of owner '" + id + "' failed", e.getCause());
        }
    }

    /** Waits until no task runs, or the deadline (in {@link System#nanoTime()}) passes. */
    void awaitDrained(long deadlineNanos) throws InterruptedException {
        for (QueueDispatcher queue : queues.values()) {
            queue.awaitDrained(deadlineNanos);
        }
    }

    /** Gives the tasks still running back to pending without using an attempt (R22). */
    void releaseRunning() {
        queues.values().forEach(QueueDispatcher::releaseRunning);
    }

    /** R17: a task found running belongs to a run that died with its host; that attempt failed. */
    private void recoverStaleRuns(String name, QueueConfig config, Instant now) {
        int recovered = AbandonedRuns.recover(store, lease.holder(), name, config, now,
                attempt -> "the host stopped during attempt " + attempt + " (R17)", sweeper::sweepAt);
        if (recovered == 0) {
            return;
        }
        threads.events().recovered(id, name, recovered, now);
        LOG.info("owner '{}' queue '{}': recovered {} task(s) left running by an earlier run (R17)",
                id, name, recovered);
    }

    private static QueueConfig withConcurrency(QueueConfig config, int concurrency) {
        return new QueueConfig(concurrency, config.maxRetries(), config.backoff(), config.delay(),
                config.retention(), config.timeout());
    }
}
