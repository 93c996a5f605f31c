package dev.taskhost.core.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.RunRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts one queue's ready tasks on the host's workers (R11 to R15). Dispatch runs only on the
 * host's scheduler thread, woken by what changes readiness: an enqueue, a run that ended, or a timer
 * set for the instant the next task becomes ready or the next delay slot opens. Nothing polls, except
 * on a store that other hosts share, where {@link SharedStoreDuties} also wakes it when another host
 * tells, and once per poll as the fallback (R39).
 *
 * <p>A run that ends hands its outcome to the dispatcher, which records the outcomes of every run
 * that ended since its last pass and claims tasks for the freed workers in one store call: under
 * load, one transaction carries several outcomes and several claims.
 *
 * <p>In a queue of concurrency 1, and in any queue when the run that ended was its only one, the
 * worker makes that pass itself, on its own thread, and runs the task it claimed next, without a
 * round trip through the scheduler thread and a hand-over to another worker thread. If it finds a
 * pass under way, it waits for that pass, or the next, to record its outcome and hand it its next
 * task. Passes are one at a time whichever thread makes them: a lock orders them, and the scheduler
 * thread never waits for it (a pass it finds taken is made again once the one under way ends).
 */
final class QueueDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(QueueDispatcher.class);
    private static final Duration RETRY_AFTER_STORE_FAILURE = Duration.ofSeconds(1);
    /**
     * The most tasks one dispatch claims: a queue with a huge concurrency (R33) claims in batches,
     * so no store sizes anything by the concurrency, and one pass never holds the scheduler long.
     */
    static final int CLAIM_BATCH = 256;

    private final String owner;
    private final String queue;
    private final QueueConfig config;
    private final OwnerStore store;
    private final TaskWorker worker;
    private final HostThreads threads;
    private final RetentionSweeper sweeper;
    private final StartPacing pacing;
    private final Lease lease;
    private final String workerThreadName;
    private final AtomicBoolean dispatchQueued = new AtomicBoolean();
    private final Set<AttemptRun> running = ConcurrentHashMap.newKeySet();
    private final Queue<Ended> ended = new ConcurrentLinkedQueue<>();
    // Orders a run handing over its outcome against stop(): after stop, outcomes are recorded at once.
    private final Object handover = new Object();
    private final Object drained = new Object();
    private volatile boolean stopped;
    // One dispatch pass at a time, on the scheduler thread or on a worker whose run ended.
    private final ReentrantLock passLock = new ReentrantLock();
    // A pass the scheduler thread found taken: the thread that holds it wakes the queue once it lets go.
    private final AtomicBoolean passMissed = new AtomicBoolean();

    /** What a worker thread runs, and the run a dispatch pass handed to it next. */
    private static final class HandOff {
        AttemptRun current;
        AttemptRun next;
    }

    private static final ThreadLocal<HandOff> HAND_OFF = ThreadLocal.withInitial(HandOff::new);

    // Set by a pass that armed the timer for the next delay slot (R13): no start comes before it.
    private volatile Instant pacedUntil;

    // Touched in a dispatch pass only (under passLock).
    private ScheduledFuture<?> wakeTimer;
    private Optional<Instant> wakeAt = Optional.empty();

    /** A run that ended, with the outcome to record, and its worker thread if that waits for a next run. */
    private record Ended(AttemptRun run, Outcome outcome, long nanos, NextRunWait waiting) {
    }

    QueueDispatcher(String owner, String queue, QueueConfig config, OwnerStore store, TaskWorker worker,
                    HostThreads threads, RetentionSweeper sweeper, Lease lease) {
        this.owner = owner;
        this.queue = queue;
        this.config = config;
        this.store = store;
        this.worker = worker;
        this.threads = threads;
        this.sweeper = sweeper;
        this.pacing = new StartPacing(config.delay(), threads);
        this.lease = lease;
        this.workerThreadName = "taskhost-worker[" + owner + "/" + queue + "]";
    }

    String queue() {
        return queue;
    }

    Duration retention() {
        return config.retention();
    }

    /** Makes sure a sweep comes at {@code expiry} (R21). */
    void sweepAt(Instant expiry) {
        sweeper.sweepAt(expiry);
    }

    /**
     * An enqueue's wake-up: none while the queue waits for its next delay slot (R13), since the new
     * task cannot start before it and the slot's timer wakes the queue then.
     */
    void enqueued() {
        Instant paced = pacedUntil;
        if (paced == null || !threads.now().isBefore(paced)) {
            wake();
        }
    }

    /** Asks for a dispatch soon; calls made while one is already asked for cost nothing. */
    void wake() {
        if (stopped || !dispatchQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            threads.scheduler().execute(() -> {
                dispatchQueued.set(false);
                passMissed.set(true);
                if (passLock.tryLock()) {
                    passMissed.set(false);
                    try {
                        pass();
                    } finally {
                        endPass();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            dispatchQueued.set(false);
        }
    }

    /**
     * Records the outcomes of runs that ended and starts what may start now. On the scheduler
     * thread only.
     *
     * @return whether the queue is idle: nothing running, and nothing can start until the clock moves
     */
    boolean dispatch() {
        passLock.lock();
        try {
            return pass();
        } finally {
            endPass();
        }
    }

    /**
     * Lets go of the pass. Outcomes handed over meanwhile get the next pass: made by their worker if
     * it waits (it found the pass taken), or by the scheduler thread.
     */
    private void endPass() {
        passLock.unlock();
        if (passMissed.get()) {
            wake();
            return;
        }
        // Outcomes of runs that timed out or were released woke the scheduler thread themselves, and
        // those a failed pass put back wait for its retry.
        for (Ended end : ended) {
            if (end.waiting() != null && end.waiting().nudge()) {
                return;
            }
        }
    }

    /** One dispatch pass, under {@link #passLock}. */
    private boolean pass() {
        pacedUntil = null;
        if (stopped) {
            return running.isEmpty();
        }
        List<Ended> done = takeEnded();
        // Runs that ended are still in the running set until recorded; subtracted first, so no overflow (R33).
        int free = config.concurrency() - (running.size() - done.size());
        Instant now = threads.now();
        int max = Math.min(startsAllowed(free, now), CLAIM_BATCH);
        if (done.isEmpty() && max == 0) {
            return running.isEmpty();
        }
        ClaimResult result;
        TaskClaimEvent claimEvent = new TaskClaimEvent();
        claimEvent.begin();
        try {
            result = store.recordThenClaim(done.stream().map(Ended::outcome).toList(),
                    new ClaimRequest(queue, max, config.concurrency(), config.delay(), now, lease));
            claimEvent.commit(owner, queue, max, result.claimed().size(), done.size());
        } catch (RuntimeException | Error e) {
            // A store failure (R23), or a fault of the host's own code such as an OutOfMemoryError
            // (R32), fails this step only: escaping, it would end the dispatch silently on the
            // scheduler thread, and the queue would never run again.
            retryLater(done, now, e);
            return false;
        }
        done.forEach(this::finished);
        List<ClaimedTask> claimed = result.claimed();
        // R36: the stored last start counts the starts of every host and of earlier runs.
        pacing.stored(result.lastStart());
        Deque<NextRunWait> waiting = waitingWorkers(done);
        claimed.forEach(task -> start(task, now, waiting));
        waiting.forEach(NextRunWait::none);
        Optional<Instant> slot = pacing.nextSlot().filter(now::isBefore);
        if (result.paused()) {
            // Only a resume makes a paused queue start again (R44), and it wakes the queue.
            return running.isEmpty() && ended.isEmpty();
        } else if (max > 0 && slot.isPresent()) {
            wakeAt(slot.get());
            pacedUntil = slot.get();
        } else if (claimed.size() < max && !result.full()) {
            // When the queue is full across the hosts, the ready tasks left wait for a run to end, and
            // that end wakes the queue (R39): looking for them now would only find them again.
            wakeForNextReady();
        } else if (max == CLAIM_BATCH && free > max) {
            // A full batch with workers still free: claim the next batch at once.
            wake();
        }
        // A run started here may already have ended, so only a dispatch that started nothing can be idle.
        return claimed.isEmpty() && running.isEmpty() && ended.isEmpty();
    }

    /**
     * Outcomes that could not be recorded wait for the next try, their workers stay taken. Recording
     * applies only to runs still current, so a try after a store that did commit changes nothing.
     */
    private void retryLater(List<Ended> done, Instant now, Throwable failure) {
        noNextRun(done);
        ended.addAll(done);
        LOG.error("owner '{}' queue '{}': recording outcomes and claiming tasks failed; trying again in {}",
                owner, queue, RETRY_AFTER_STORE_FAILURE, failure);
        wakeAt(now.plus(RETRY_AFTER_STORE_FAILURE));
    }

    /** Stops starting tasks, and records the outcomes handed over so far. On the scheduler thread only. */
    void stop() {
        passLock.lock();
        try {
            synchronized (handover) {
                stopped = true;
            }
            if (wakeTimer != null) {
                wakeTimer.cancel(false);
            }
            recordNow(takeEnded());
        } finally {
            passLock.unlock();
        }
    }

    /** Waits until no run is left, or the deadline (in {@link System#nanoTime()}) passes. */
    void awaitDrained(long deadlineNanos) throws InterruptedException {
        synchronized (drained) {
            long left;
            while (!running.isEmpty() && (left = deadlineNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(drained, left);
            }
        }
    }

    /**
     * The store cancelled the task while it ran (R47): its run here, if any, is interrupted and
     * hands over no outcome.
     */
    void cancelRunning(String taskId) {
        running.stream().filter(run -> run.task().id().equals(taskId)).forEach(AttemptRun::cancelled);
    }

    /**
     * The runs of this queue that this host runs, each with when its claim returned
     * ({@link System#nanoTime()}), for the lease keeper of a shared store (R37).
     */
    Map<RunRef, Long> runs() {
        Map<RunRef, Long> runs = new HashMap<>();
        running.forEach(run -> runs.put(new RunRef(run.task().id(), run.task().attempt()), run.startNanos()));
        return runs;
    }

    /**
     * A lease renewal found that this host no longer holds these runs: cancelled on another host
     * (R47), or recovered by one (R37). They are interrupted and record nothing.
     *
     * @return how many were interrupted: runs that had ended already, their outcome not yet
     *     recorded, are left as they are
     */
    long runsLost(Set<RunRef> lost) {
        long interrupted = 0;
        for (AttemptRun run : running) {
            if (lost.contains(new RunRef(run.task().id(), run.task().attempt())) && run.lost()) {
                threads.events().leaseLost(owner, queue, run, threads.now());
                interrupted++;
            }
        }
        return interrupted;
    }

    /** This host could not renew the leases of these runs in time (R37): they are interrupted; returns how many. */
    long leasesRanOut(Set<RunRef> expired) {
        long interrupted = 0;
        for (AttemptRun run : running) {
            if (expired.contains(new RunRef(run.task().id(), run.task().attempt())) && run.leaseRanOut()) {
                interrupted++;
            }
        }
        return interrupted;
    }

    QueueConfig config() {
        return config;
    }

    /** Releases the runs still going: their tasks return to pending without using an attempt (R22). */
    void releaseRunning() {
        List.copyOf(running).forEach(AttemptRun::release);
    }

    /** How many tasks may start now (R12, R13); sets a timer for the next delay slot when that is none. */
    private int startsAllowed(int free, Instant now) {
        if (free <= 0) {
            return 0;
        }
        if (pacing.startUnderWay()) {
            // The worker starting last has not started yet: its start, once known, paces the next (R13).
            return 0;
        }
        Optional<Instant> slot = pacing.nextSlot();
        if (slot.isPresent() && now.isBefore(slot.get())) {
            wakeAt(slot.get());
            pacedUntil = slot.get();
            return 0;
        }
        // R13: with a delay, one start per slot, whatever the free workers.
        return config.delay().isZero() ? free : 1;
    }

    /** A timeout too long for a long of milliseconds is as good as none (R15): never overflow. */
    private static long millisOrMax(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private void wakeForNextReady() {
        try {
            store.nextReadyAt(queue).ifPresent(this::wakeAt);
        } catch (RuntimeException | Error e) {
            LOG.error("owner '{}' queue '{}': reading the next ready time failed", owner, queue, e);
            wakeAt(threads.now().plus(RETRY_AFTER_STORE_FAILURE));
        }
    }

    private void wakeAt(Instant at) {
        if (wakeAt.isPresent() && !wakeAt.get().isAfter(at) && !wakeTimer.isDone()) {
            return;
        }
        if (wakeTimer != null) {
            wakeTimer.cancel(false);
        }
        wakeTimer = threads.scheduler().schedule(this::wake, threads.millisUntil(at), TimeUnit.MILLISECONDS);
        wakeAt = Optional.of(at);
    }

    /** The workers of these runs that wait for a next run; this thread's first, as its switch costs nothing. */
    private static Deque<NextRunWait> waitingWorkers(List<Ended> done) {
        Deque<NextRunWait> waiting = new ArrayDeque<>();
        for (Ended end : done) {
            NextRunWait wait = end.waiting();
            if (wait != null && !wait.decided()) {
                if (wait.onThisThread()) {
                    waiting.addFirst(wait);
                } else {
                    waiting.addLast(wait);
                }
            }
        }
        return waiting;
    }

    private static void noNextRun(List<Ended> done) {
        done.stream().map(Ended::waiting).filter(Objects::nonNull).forEach(NextRunWait::none);
    }

    private void start(ClaimedTask task, Instant now, Deque<NextRunWait> waiting) {
        AttemptRun run = new AttemptRun(task, config, worker, workerThreadName, this::settle,
                new RunProgress(store, new RunRef(task.id(), task.attempt()), threads), this::workerStarting)
                .claimedAt(now);
        running.add(run);
        pacing.claimed(run);
        threads.activity().started(owner, queue, now);
        threads.events().started(owner, queue, run);
        if (!handedToWaitingWorker(run, waiting)) {
            try {
                threads.workers().execute(() -> runHandingOff(run));
            } catch (RejectedExecutionException e) {
                run.release();
                return;
            }
        }
        if (config.hasTimeout()) {
            run.timeoutArmed(threads.scheduler().schedule(run::timeOut,
                    millisOrMax(config.timeout()), TimeUnit.MILLISECONDS));
        }
    }

    /** A worker starts, on its own thread: once no claimed run waits for its worker, the next may be paced. */
    private void workerStarting(AttemptRun run) {
        if (pacing.workerStarting(run)) {
            wake();
        }
    }

    private static boolean handedToWaitingWorker(AttemptRun run, Deque<NextRunWait> waiting) {
        for (NextRunWait wait; (wait = waiting.poll()) != null; ) {
            if (wait.give(run)) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code first} on this worker thread, then each run a dispatch pass handed it when the one before ended. */
    private void runHandingOff(AttemptRun first) {
        HandOff here = HAND_OFF.get();
        AttemptRun next = first;
        try {
            while (next != null) {
                here.current = next;
                next.run();
                next = here.next;
                here.next = null;
            }
        } finally {
            here.current = null;
            AttemptRun left = here.next;
            here.next = null;
            if (left != null) {
                // Only if this thread failed past its run: the claimed run still gets a worker.
                try {
                    threads.workers().execute(() -> runHandingOff(left));
                } catch (RejectedExecutionException e) {
                    left.release();
                }
            }
        }
    }

    /** A run ended: its outcome goes to the next dispatch, or, once the queue stopped, to the store at once. */
    private void settle(AttemptRun run, Function<Instant, Outcome> ending) {
        HandOff here = HAND_OFF.get();
        NextRunWait waiting = handsOffHere(run, here) ? new NextRunWait() : null;
        Ended end = new Ended(run, ending.apply(threads.now()), System.nanoTime(), waiting);
        boolean handedOver;
        synchronized (handover) {
            handedOver = !stopped;
            if (handedOver) {
                ended.add(end);
            }
        }
        if (!handedOver) {
            recordNow(List.of(end));
        } else if (waiting == null) {
            wake();
        } else {
            here.next = awaitNextRun(waiting);
        }
    }

    /**
     * Whether the worker thread of this run, with no next run yet, is to wait for the pass that
     * records it: at concurrency 1, or when no other run of the queue is under way. With other runs
     * under way the scheduler thread makes the passes: it records the outcomes that ended meanwhile
     * in one transaction, where a worker making the pass at once would record its own alone.
     */
    private boolean handsOffHere(AttemptRun run, HandOff here) {
        return here.current == run && here.next == null && (config.concurrency() == 1 || running.size() == 1);
    }

    /**
     * Makes the pass that records this thread's outcome, or waits for the pass under way, or the one
     * after it, to record it; returns the run that pass handed to this thread, if any.
     */
    private AttemptRun awaitNextRun(NextRunWait waiting) {
        // An interrupt meant for the run that ended is cleared after it anyway; one while waiting is a shutdown.
        Thread.interrupted();
        while (!waiting.decided()) {
            if (passLock.tryLock()) {
                try {
                    if (!waiting.decided()) {
                        pass();
                    }
                } finally {
                    endPass();
                }
            } else {
                waiting.park();
                if (Thread.interrupted()) {
                    AttemptRun given = waiting.withdraw();
                    wake(); // the outcome still gets recorded, by the scheduler thread if no worker is left
                    Thread.currentThread().interrupt();
                    return given;
                }
            }
        }
        return waiting.taken();
    }

    private void recordNow(List<Ended> done) {
        if (done.isEmpty()) {
            return;
        }
        try {
            store.record(done.stream().map(Ended::outcome).toList());
        } catch (RuntimeException | Error e) {
            // The tasks stay running in the store; R17 recovers them when the queue is next opened.
            LOG.error("owner '{}' queue '{}': recording the end of {} run(s) failed", owner, queue, done.size(), e);
        }
        noNextRun(done);
        done.forEach(this::finished);
    }

    private void finished(Ended end) {
        threads.activity().ended(owner, queue, end.outcome().status() == TaskStatus.COMPLETED,
                end.outcome().nextAttempt() == end.outcome().attempt(), end.outcome().at());
        if (end.outcome().status().isTerminal()) {
            sweeper.sweepAt(end.outcome().at().plus(config.retention()));
        }
        running.remove(end.run());
        pacing.ended(end.run());
        synchronized (drained) {
            drained.notifyAll();
        }
        threads.events().ended(owner, queue, end.run(), end.outcome(), end.nanos());
    }

    private List<Ended> takeEnded() {
        List<Ended> taken = new ArrayList<>();
        for (Ended next; (next = ended.poll()) != null; ) {
            taken.add(next);
        }
        return taken;
    }
}
