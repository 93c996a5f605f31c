package dev.taskhost.core.internal;

import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.TaskListener;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.TaskStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a {@code TaskHost} runs: the store, the threads, the owners, the retention sweeper. Thread-safe. */
public final class Engine {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    private static final long IDLE_CHECK_PAUSE_MILLIS = 2;
    /** How long close waits for outcomes still being written once every run has ended or been released. */
    private static final Duration OUTCOME_WRITE_LIMIT = Duration.ofSeconds(30);
    /** How often a host on a shared store looks for expired leases and wakes its queues (R37, R39). */
    public static final Duration DEFAULT_POLL = Duration.ofSeconds(1);

    private final TaskStore store;
    private final HostThreads threads;
    private final Duration shutdownGrace;
    private final RetentionSweeper sweeper;
    /** This host's hold on the runs it claims (R37); the holder is new with every host. */
    private final Lease lease;
    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    /**
     * Orders adding an owner against close taking the owners to stop (R34): an owner is added
     * before close sets {@link #closed}, and so is stopped by it, or not at all.
     */
    private final Object lifecycle = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Counted down once close has stopped everything and closed the store. */
    private final CountDownLatch closeEnded = new CountDownLatch(1);
    /** Leases, recovery and wake-ups across hosts, on a shared store only (R37, R39). */
    private volatile Optional<SharedStoreDuties> shared = Optional.empty();
    /** This host's heartbeat on the store: who it is and what it runs, for operators. */
    private volatile HostHeartbeat heartbeat;

    private Engine(TaskStore store, Clock clock, Duration shutdownGrace, Duration lease, List<TaskListener> listeners) {
        this.store = store;
        this.threads = new HostThreads(clock, new HostEvents(listeners));
        this.shutdownGrace = shutdownGrace;
        this.sweeper = new RetentionSweeper(store, threads);
        this.lease = new Lease(TaskIds.next(), lease);
    }

    /**
     * Starts an engine on an opened store and sweeps expired tasks of every owner on it (R21).
     *
     * @param lease how long a claim holds a run without a renewal (R37); positive
     */
    public static Engine start(TaskStore store, Clock clock, Duration shutdownGrace, Duration lease) {
        return start(store, clock, shutdownGrace, lease, List.of(), Duration.ofSeconds(10), DEFAULT_POLL);
    }

    /**
     * As {@link #start(TaskStore, Clock, Duration, Duration)}, with listeners told what the host
     * does, the counts of every queue it runs read for them every {@code countsRefresh}, and how
     * often a host on a shared store looks for expired leases and, as the fallback for lost
     * wake-ups, for ready tasks ({@code poll}, positive; R37, R39).
     */
    public static Engine start(TaskStore store, Clock clock, Duration shutdownGrace, Duration lease,
                               List<TaskListener> listeners, Duration countsRefresh, Duration poll) {
        Engine engine = new Engine(store, clock, shutdownGrace, lease, listeners);
        try {
            engine.heartbeat = new HostHeartbeat(store, engine.lease.holder(), poll, engine.threads, engine.owners);
            // Before the first owner, as TaskStore.listen asks.
            engine.shared = SharedStoreDuties.startIfShared(store, engine.lease, poll, engine.threads, engine.owners,
                    engine.heartbeat);
            if (engine.shared.isEmpty()) {
                // A store of one process: the beat is a write to memory, cheap on the scheduler thread.
                long every = Math.max(1, millisOrMax(poll));
                engine.threads.scheduler().scheduleWithFixedDelay(engine.heartbeat::beat, 0, every,
                        TimeUnit.MILLISECONDS);
            }
            engine.sweeper.sweep();
            if (engine.threads.events().any()) {
                long every = Math.max(1, millisOrMax(countsRefresh));
                engine.threads.scheduler().scheduleWithFixedDelay(engine::refreshCounts, every, every,
                        TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return engine;
    }

    HostThreads threads() {
        return threads;
    }

    /** See {@code TaskHost.service}. */
    public TaskService service(String ownerId, int maxConcurrency, TaskWorker worker) {
        TaskLimits.requireOwnerId(ownerId);
        Objects.requireNonNull(worker, "worker");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency of owner '" + ownerId
                    + "' must be at least 1 (R4), was " + maxConcurrency);
        }
        Owner owner = activeOwner(ownerId, maxConcurrency);
        if (owner.maxConcurrency() != maxConcurrency) {
            LOG.warn("owner '{}' asked for a budget of {}, but keeps the {} its first service got (R4)",
                    ownerId, maxConcurrency, owner.maxConcurrency());
        }
        return new OwnerTaskService(this, owner, worker);
    }

    /**
     * The owner, added if absent. An owner being stopped stays known until it is stopped, and a
     * service asked for meanwhile waits for that: a second owner beside it would take its live runs
     * for crashed ones (R17, R34) and spend a budget the first one still uses (R4).
     */
    private Owner activeOwner(String ownerId, int maxConcurrency) {
        while (true) {
            Owner owner;
            synchronized (lifecycle) {
                ensureOpen();
                owner = owners.computeIfAbsent(ownerId,
                        id -> new Owner(id, maxConcurrency, store.owner(id), threads, sweeper, lease));
            }
            if (!owner.stopping()) {
                return owner;
            }
            owner.awaitStopped();
        }
    }

    /** The operator's view of this host and its actions (the console, inspect). */
    public HostOperator operator() {
        return new HostOperator(this, store, owners, threads, heartbeat.hostId());
    }

    /** See {@code TaskHost.stopOwner}. */
    public void stopOwner(String ownerId) {
        Objects.requireNonNull(ownerId, "owner");
        Owner owner;
        synchronized (lifecycle) {
            ensureOpen();
            owner = owners.get(ownerId);
        }
        if (owner == null) {
            return;
        }
        if (!owner.beginStop()) {
            // Another stopOwner, or close, is stopping it: return once it is stopped (R34).
            owner.awaitStopped();
            return;
        }
        try {
            stopAll(List.of(owner));
        } finally {
            // Forgotten only now, once nothing of it runs (R34).
            owners.remove(ownerId, owner);
            owner.stopped();
        }
    }

    /** See {@code TaskHost.awaitIdle}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        ensureOpen();
        long deadline = Deadlines.after(timeout);
        sweeper.sweep();
        while (true) {
            if (dispatchAllAndCheckIdle()) {
                return true;
            }
            if (Deadlines.passed(deadline)) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(IDLE_CHECK_PAUSE_MILLIS);
        }
    }

    /** See {@code TaskHost.close}. */
    public void close() {
        List<Owner> stopping;
        synchronized (lifecycle) {
            if (!closed.compareAndSet(false, true)) {
                stopping = null;
            } else {
                stopping = List.copyOf(owners.values());
            }
        }
        if (stopping == null) {
            // Another close is under way: returning before it ends would let workers start after
            // this close returned (R34).
            awaitUninterruptibly(closeEnded);
            return;
        }
        sweeper.stop();
        // Owners a stopOwner is stopping are stopped here too (stopping twice is harmless), so
        // that the store is not closed under their runs.
        stopping.forEach(Owner::beginStop);
        try {
            stopAll(stopping);
        } finally {
            // Leases are kept until every run has ended or was released (R22, R37).
            shared.ifPresent(SharedStoreDuties::stop);
            stopping.forEach(Owner::stopped);
            owners.clear();
            threads.shutdown();
            try {
                if (heartbeat != null) {
                    heartbeat.forget();
                }
                store.close();
            } finally {
                closeEnded.countDown();
            }
        }
    }

    /** Waits for the latch; an interrupt meanwhile is kept for the caller. */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the task host is closed (R22)");
        }
    }

    private boolean dispatchAllAndCheckIdle() throws InterruptedException {
        try {
            return threads.scheduler().submit(() -> {
                // What the schedules' timers would have fired by the clock's time (R50).
                owners.values().forEach(owner -> owner.schedules().fireDue());
                return owners.values().stream()
                        .flatMap(owner -> owner.queues().stream())
                        .map(QueueDispatcher::dispatch)
                        .reduce(true, Boolean::logicalAnd);
            }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("dispatching failed", e.getCause());
        } catch (RejectedExecutionException | CancellationException e) {
            throw new IllegalStateException("the task host is closed (R22)", e);
        }
    }

    /**
     * Reads the counts of every queue this host runs for the listeners, on a worker thread so that
     * a slow count never holds up dispatch: a gauge then reads what is cached, not the store.
     */
    private void refreshCounts() {
        try {
            threads.workers().execute(() -> {
                for (Owner owner : owners.values()) {
                    for (QueueDispatcher queue : owner.queues()) {
                        if (closed.get()) {
                            return;
                        }
                        try {
                            threads.events().counts(owner.id(), queue.queue(), owner.store().countByStatus(queue.queue()),
                                    threads.now());
                        } catch (RuntimeException e) {
                            LOG.debug("owner '{}' queue '{}': reading counts for the listeners failed", owner.id(),
                                    queue.queue(), e);
                        }
                    }
                }
            });
        } catch (RejectedExecutionException closing) {
            LOG.debug("the host is closing: no counts refresh");
        }
    }

    /** A refresh too far apart for a long of milliseconds is as far apart as there is (R33). */
    private static long millisOrMax(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** R22: no new starts anywhere, then the grace for running tasks, then the rest are released. */
    private void stopAll(List<Owner> stopping) {
        long deadline = Deadlines.after(shutdownGrace);
        try {
            for (Owner owner : stopping) {
                owner.stopStarting();
            }
            for (Owner owner : stopping) {
                owner.awaitDrained(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopping.forEach(Owner::releaseRunning);
            awaitOutcomesWritten(stopping);
        }
    }

    /**
     * A run that ended on its own as the grace ran out may still be writing its outcome: the store
     * must stay open until it has, or the task is left running and its next start counts the
     * attempt lost (R17) although the shutdown must not use it up (R22).
     */
    private static void awaitOutcomesWritten(List<Owner> stopping) {
        long deadline = Deadlines.after(OUTCOME_WRITE_LIMIT);
        try {
            for (Owner owner : stopping) {
                owner.awaitDrained(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
