package dev.taskhost.samples.host.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a line per queue, prefixed with the seconds elapsed, when that queue's line changed, at
 * most once a second: for logs and pipes, where a redraw would be noise, and a queue that stands
 * still says nothing new. Not thread-safe.
 */
final class PlainDisplay implements ProgressDisplay {
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final PrintWriter out;
    /** The line last printed for each queue, by queue name, without its time. */
    private final Map<String, String> lastShown = new HashMap<>();
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
            String line = queue.name() + ": " + queue.pending() + " pending, " + queue.running() + " running, "
                    + queue.completed() + " completed, " + queue.failed() + " failed";
            if (!line.equals(lastShown.put(queue.name(), line))) {
                out.println(time + line);
                printed = true;
            }
        }
        if (printed) {
            out.flush();
            shownAny = true;
            lastShownAt = elapsed;
        }
    }
}
