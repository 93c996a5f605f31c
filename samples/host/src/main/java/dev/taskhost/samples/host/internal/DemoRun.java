package dev.taskhost.samples.host.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The demo's progress loop and its one ending, which either the loop's thread or the JVM's
 * shutdown hook (Ctrl-C) reaches first. Thread-safe.
 */
public final class DemoRun {
    private static final long POLL_MILLIS = 250;
    /** How long the shutdown hook waits for the loop to notice the stop before closing anyway. */
    private static final Duration LOOP_EXIT_WAIT = Duration.ofSeconds(2);

    private final PrintWriter out;
    private final StoreReader reader;
    private final DemoSession session;
    private final ProgressDisplay display;
    private final long startNanos = System.nanoTime();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch loopEnded = new CountDownLatch(1);
    private boolean finished; // guarded by this

    /** A run whose progress shows on {@code display}, read through {@code reader}. */
    public DemoRun(PrintWriter out, StoreReader reader, DemoSession session, ProgressDisplay display) {
        this.out = out;
        this.reader = reader;
        this.session = session;
        this.display = display;
    }

    /**
     * Shows the queues' progress every {@value #POLL_MILLIS} ms until {@link #stop()} is called, or,
     * if {@code exitWhenIdle}, until no queue of the {@code activeOwners} has a task pending or
     * running (a task waiting out a backoff is pending).
     *
     * @throws InterruptedException if interrupted while waiting between two looks
     */
    public void showProgress(Set<String> activeOwners, boolean exitWhenIdle) throws InterruptedException {
        try {
            while (true) {
                List<QueueCounts> counts = reader.counts();
                display.show(elapsed(), counts);
                if (exitWhenIdle && counts.stream().noneMatch(q -> activeOwners.contains(q.owner()) && q.hasWork())) {
                    return;
                }
                if (stopRequested.await(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } finally {
            loopEnded.countDown();
        }
    }

    /** For the shutdown hook: ends the progress loop, then {@link #finish finishes} as stopped. */
    public void stop() {
        stopRequested.countDown();
        try {
            loopEnded.await(LOOP_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Close all the same: the JVM is on its way out. Keep the interrupt for whoever looks.
            Thread.currentThread().interrupt();
        }
        finish("Stopped");
    }

    /**
     * Once, whoever calls first: closes the session (the plugins, then the task host, R22), shows
     * where the queues stand and what is left for the next run. A later call waits for the first.
     */
    public synchronized void finish(String why) {
        if (finished) {
            return;
        }
        finished = true;
        session.close();
        List<QueueCounts> counts = reader.counts();
        display.last(elapsed(), counts);
        long pending = counts.stream().mapToLong(QueueCounts::pending).sum();
        long running = counts.stream().mapToLong(QueueCounts::running).sum();
        out.println(why + " after " + elapsed().toSeconds() + " s. "
                + (pending + running == 0 ? "No task is pending."
                        : pending + " task(s) pending" + (running > 0 ? " and " + running + " running" : "")
                                + " in " + reader.where() + ": they resume on the next run."));
        out.flush();
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
