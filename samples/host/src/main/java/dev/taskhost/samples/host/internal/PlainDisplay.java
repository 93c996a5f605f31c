package dev.taskhost.samples.host.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Prints a line per queue, prefixed with the seconds elapsed, when that queue's line changed, and a
 * line per running task when its reported progress changed (R48), at most once a second: for logs
 * and pipes, where a redraw would be noise, and a queue or task that stands still says nothing new.
 * Not thread-safe.
 */
final class PlainDisplay implements ProgressDisplay {
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final PrintWriter out;
    /** The line last printed for each queue, by queue name, without its time. */
    private final Map<String, String> lastShown = new HashMap<>();
    /** The progress line last printed for each running task, by task id, without its time. */
    private final Map<String, String> lastProgress = new HashMap<>();
    private boolean shownAny;
    private Duration lastShownAt = Duration.ZERO;

    PlainDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void show(Duration elapsed, List<QueueCounts> counts) {
        if (!shownAny || elapsed.minus(lastShownAt).compareTo(INTERVAL) >= 0) {
            print(elapsed, counts);
        }
    }

    @Override
    public void last(Duration elapsed, List<QueueCounts> counts) {
        print(elapsed, counts);
    }

    private void print(Duration elapsed, List<QueueCounts> counts) {
        String time = String.format("[%4d s] ", elapsed.toSeconds());
        boolean printed = false;
        if (counts.isEmpty() && !shownAny) {
            out.println(time + "no queues yet");
            printed = true;
        }
        for (QueueCounts queue : counts) {
            String line = queue.name() + (queue.paused() ? " (paused)" : "") + ": " + queue.pending() + " pending, "
                    + queue.running() + " running, " + queue.completed() + " completed, " + queue.failed() + " failed";
            if (!line.equals(lastShown.put(queue.name(), line))) {
                out.println(time + line);
                printed = true;
            }
        }
        Set<String> running = new HashSet<>();
        for (QueueCounts queue : counts) {
            for (RunProgress run : queue.runs()) {
                running.add(run.taskId());
                if (run.progress().isEmpty()) {
                    continue; // Nothing to say until its worker reports.
                }
                String line = queue.name() + ": task " + run.taskId() + " at " + run.percent() + "%"
                        + (run.note().isEmpty() ? "" : ", " + ProgressDisplay.cut(run.note()));
                if (!line.equals(lastProgress.put(run.taskId(), line))) {
                    out.println(time + line);
                    printed = true;
                }
            }
        }
        // A task that no longer runs is forgotten: its queue's counts say how it ended.
        lastProgress.keySet().retainAll(running);
        if (printed) {
            out.flush();
            shownAny = true;
            lastShownAt = elapsed;
        }
    }
}
