package dev.taskhost.core.internal;

import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ProgressReport;
import dev.taskhost.core.spi.RunRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's progress reports (R48), coalesced: the first is written at once, then at most one
 * write per {@link #INTERVAL} of the host's clock, the latest report winning; a report held back
 * is written when the interval has passed (by a timer), and the last one when the run ends, before
 * its outcome is recorded (after it, the store would skip it). Thread-safe; writes are made under
 * this object's lock, so an older report never overwrites a newer one.
 */
final class RunProgress implements AttemptRun.Progress {
    private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);
    /** The least time between two progress writes of one run. */
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final OwnerStore store;
    private final RunRef run;
    private final HostThreads threads;
    private TaskProgress held;
    private Instant lastWrite;
    private ScheduledFuture<?> timer;
    private boolean ended;

    RunProgress(OwnerStore store, RunRef run, HostThreads threads) {
        this.store = store;
        this.run = run;
        this.threads = threads;
    }

    @Override
    public synchronized void report(int percent, String note) {
        if (ended) {
            return;
        }
        Instant now = threads.now();
        held = new TaskProgress(percent, note, now);
        if (lastWrite == null || !now.isBefore(lastWrite.plus(INTERVAL))) {
            writeHeld(now);
        } else if (timer == null) {
            try {
                timer = threads.scheduler().schedule(this::flushIfDue,
                        threads.millisUntil(lastWrite.plus(INTERVAL)), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // The host is closing: the run's end writes what is held.
            }
        }
    }

    /** The run ended: the held report, if any, is written now; later reports are ignored. */
    @Override
    public synchronized void end() {
        if (ended) {
            return;
        }
        ended = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (held != null) {
            writeHeld(threads.now());
        }
    }

    /** The timer: writes what is held once the interval has passed on the host's clock. */
    private synchronized void flushIfDue() {
        timer = null;
        Instant now = threads.now();
        // On a clock that has not moved (a test's manual clock), the next report or the end writes it.
        if (!ended && held != null && !now.isBefore(lastWrite.plus(INTERVAL))) {
            writeHeld(now);
        }
    }

    private void writeHeld(Instant now) {
        TaskProgress report = held;
        held = null;
        lastWrite = now;
        try {
            store.saveProgress(List.of(new ProgressReport(run, report)));
        } catch (TaskStoreException | IllegalStateException e) {
            // Progress is advisory: a failed write loses this report only, never the run.
            LOG.warn("saving the progress of task '{}' attempt {} failed", run.taskId(), run.attempt(), e);
        }
    }
}
