package dev.taskhost.samples.host.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Prints one line per queue, prefixed with the seconds elapsed, when the counts changed and at most
 * once a second: for logs and pipes, where a redraw would be noise. Not thread-safe.
 */
final class PlainDisplay implements ProgressDisplay {
    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private final PrintWriter out;
    private Optional<List<QueueCounts>> lastShown = Optional.empty();
    private Duration lastShownAt = Duration.ZERO;

    PlainDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void show(Duration elapsed, List<QueueCounts> counts) {
        boolean changed = lastShown.map(shown -> !shown.equals(counts)).orElse(true);
        boolean due = lastShown.isEmpty() || elapsed.minus(lastShownAt).compareTo(INTERVAL) >= 0;
        if (changed && due) {
            print(elapsed, counts);
        }
    }

    @Override
    public void last(Duration elapsed, List<QueueCounts> counts) {
        if (lastShown.map(shown -> !shown.equals(counts)).orElse(true)) {
            print(elapsed, counts);
        }
    }

    private void print(Duration elapsed, List<QueueCounts> counts) {
        String time = String.format("[%4d s] ", elapsed.toSeconds());
        if (counts.isEmpty()) {
            out.println(time + "no queues yet");
        }
        for (QueueCounts queue : counts) {
            out.println(time + queue.name() + ": " + queue.pending() + " pending, " + queue.running() + " running, "
                    + queue.completed() + " completed, " + queue.failed() + " failed");
        }
        out.flush();
        lastShown = Optional.of(counts);
        lastShownAt = elapsed;
    }
}
