package dev.taskhost.core.internal;

import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.ProgressSink;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One attempt of one task on a worker thread. Exactly one of its endings settles it: the worker
 * returning or throwing, the timeout (R15), or a shutdown releasing it (R22); the later ones do
 * nothing, so a worker that outlives its timeout cannot overwrite the recorded failure.
 */
final class AttemptRun implements Runnable {
    private final ClaimedTask task;
    private final QueueConfig config;
    private final TaskWorker worker;
    private final String threadName;
    private final Settler settler;
    private final Progress progress;
    private final Consumer<AttemptRun> onStart;
    private final AtomicBoolean settled = new AtomicBoolean();
    /**
     * Guards {@link #thread}: an interrupt is delivered only while the thread runs this attempt, so
     * it can neither be lost before the worker starts nor leak into the pool thread's next task.
     */
    private final Object threadLock = new Object();
    private Thread thread;
    private volatile Future<?> timeout;
    /** When the claim that started this run returned ({@link System#nanoTime()}): its lease began before (R37). */
    private final long startNanos = System.nanoTime();
    private volatile Instant claimedAt = Instant.EPOCH;
    private volatile boolean cancelledWhileRunning;
    private volatile boolean leaseLost;

    /** Records how an attempt ended; called once per attempt, with the outcome as of a given time. */
    interface Settler {
        void settle(AttemptRun run, Function<Instant, Outcome> outcome);
    }

    /** Where the attempt's progress reports go (R48); ended when the attempt settles. */
    interface Progress extends ProgressSink {
        /** Keeps nothing: for a run whose progress is not stored. */
        Progress NONE = new Progress() {
            @Override
            public void report(int percent, String note) {
            }

            @Override
            public void end() {
            }
        };

        /** The attempt ended: what is held is written now, and later reports are ignored. */
        void end();
    }

    /** A run whose progress reports are kept nowhere. */
    AttemptRun(ClaimedTask task, QueueConfig config, TaskWorker worker, String threadName, Settler settler) {
        this(task, config, worker, threadName, settler, Progress.NONE, run -> { });
    }

    /** @param onStart told on the worker thread just before the worker runs, unless the run was settled first */
    AttemptRun(ClaimedTask task, QueueConfig config, TaskWorker worker, String threadName, Settler settler,
               Progress progress, Consumer<AttemptRun> onStart) {
        this.task = task;
        this.onStart = onStart;
        this.progress = progress;
        this.config = config;
        this.worker = worker;
        this.threadName = threadName;
        this.settler = settler;
    }

    ClaimedTask task() {
        return task;
    }

    /** Sets when the task was claimed, before the run is handed to a worker; returns this run. */
    AttemptRun claimedAt(Instant at) {
        this.claimedAt = at;
        return this;
    }

    Instant claimedAt() {
        return claimedAt;
    }

    /** From the time the task became ready to its claim; zero if the clock went back. */
    Duration waited() {
        Duration waited = Duration.between(task.readyAt(), claimedAt);
        return waited.isNegative() ? Duration.ZERO : waited;
    }

    /** When this run was made, by {@link System#nanoTime()}: the start of its execution. */
    long startNanos() {
        return startNanos;
    }

    boolean cancelledWhileRunning() {
        return cancelledWhileRunning;
    }

    boolean leaseLost() {
        return leaseLost;
    }

    @Override
    public void run() {
        Thread current = Thread.currentThread();
        String poolName = current.getName();
        TaskRunEvent event = new TaskRunEvent();
        String result = "threw";
        // The thread is set before the settled check: a release or timeout that settles after the
        // check then finds it and interrupts it; one that settled before makes the check skip the run.
        synchronized (threadLock) {
            thread = current;
        }
        try {
            if (settled.get()) {
                return;
            }
            current.setName(threadName);
            onStart.accept(this);
            event.begin();
            String returned = worker.execute(new Task(task.queueName(), task.id(), task.payload(), task.attempt(),
                    progress));
            result = "returned";
            event.commit(threadName, task.queueName(), task.id(), task.attempt(), result);
            settle(at -> Outcome.completed(task.id(), task.attempt(), TaskLimits.resultMessage(returned), at));
        } catch (NonRetryableException failure) {
            event.commit(threadName, task.queueName(), task.id(), task.attempt(), "non-retryable");
            // R46: the task fails at once, whatever retries are left.
            settle(at -> Outcome.failed(task.id(), task.attempt(), TaskLimits.failureMessage(failure), at));
        } catch (Throwable failure) {
            event.commit(threadName, task.queueName(), task.id(), task.attempt(), result);
            // R24: whatever the worker throws, Errors included, fails this attempt alone.
            fail(TaskLimits.failureMessage(failure));
        } finally {
            synchronized (threadLock) {
                thread = null;
            }
            // Every interrupt meant for this attempt came while the thread was set: clear it here.
            Thread.interrupted();
            current.setName(poolName);
        }
    }

    /** Keeps the armed timeout, so that settling cancels it. */
    void timeoutArmed(Future<?> future) {
        this.timeout = future;
        if (settled.get()) {
            future.cancel(false);
        }
    }

    /** The timeout passed: the attempt fails now and the worker is interrupted (R15). */
    void timeOut() {
        if (fail("timed out after " + config.timeout() + " (R15)")) {
            interrupt();
        }
    }

    /** Shutdown stopped the run: the task goes back to pending with its attempt given back (R22). */
    void release() {
        if (settle(at -> Outcome.released(task.id(), task.attempt(), "the host shut down during the run (R22)", at))) {
            interrupt();
        }
    }

    /**
     * The task was cancelled in the store while this ran (R47), or this host lost the run (R37):
     * the worker is interrupted, and whatever it then does is never recorded. The outcome handed
     * over frees the worker; the store's guard skips it, as the task is no longer running.
     *
     * @return whether this interrupted the run (false if it had ended already)
     */
    boolean cancelled() {
        if (settled.get()) {
            // Ended already, its outcome on its way: nothing to interrupt, nothing to tell apart.
            return false;
        }
        cancelledWhileRunning = true;
        if (settle(at -> Outcome.failed(task.id(), task.attempt(), "cancelled while running (R47)", at))) {
            interrupt();
            return true;
        }
        return false;
    }

    /**
     * This host could not renew the run's lease in time, so another host may recover it now (R37):
     * the worker is interrupted and the attempt fails as a recovery would fail it. The store records
     * that only while the run is still running at this attempt, never over a recovery.
     *
     * @return whether this interrupted the run (false if it had ended already)
     */
    boolean leaseRanOut() {
        if (fail("the lease of attempt " + task.attempt() + " ran out: this host could not renew it (R37)")) {
            interrupt();
            return true;
        }
        return false;
    }

    /**
     * This host lost the run's lease (R37): as {@link #cancelled}, told apart for the listeners.
     *
     * @return whether this interrupted the run (false if it had ended already)
     */
    boolean lost() {
        if (settled.get()) {
            return false;
        }
        leaseLost = true;
        return cancelled();
    }

    private boolean fail(String message) {
        return settle(at -> Attempts.afterFailure(task.id(), task.attempt(), config, message, at));
    }

    private boolean settle(Function<Instant, Outcome> outcome) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        Future<?> armed = timeout;
        if (armed != null) {
            armed.cancel(false);
        }
        // R48: the last report is written while the run is still the task's current one.
        progress.end();
        settler.settle(this, outcome);
        return true;
    }

    private void interrupt() {
        synchronized (threadLock) {
            if (thread != null) {
                thread.interrupt();
            }
        }
    }
}
