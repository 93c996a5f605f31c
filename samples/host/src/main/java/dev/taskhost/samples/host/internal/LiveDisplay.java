package dev.taskhost.samples.host.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Redraws one block of lines in place on a terminal: the queues' counts, then a progress bar per
 * running task. Each frame moves the cursor back up over the last one (ANSI {@code ESC[nA}) and
 * erases it ({@code ESC[J}) before printing; a frame that would look the same as the last is
 * skipped. Not thread-safe.
 */
final class LiveDisplay implements ProgressDisplay {
    private static final String ESC = "\u001b[";

    private final PrintWriter out;
    private List<String> shown = List.of();
    private int linesShown;

    LiveDisplay(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void show(Duration elapsed, List<QueueCounts> counts) {
        draw(elapsed, counts, false);
    }

    /** Draws the frame once more even if it looks the same: what the terminal echoed (^C) goes. */
    @Override
    public void last(Duration elapsed, List<QueueCounts> counts) {
        draw(elapsed, counts, true);
        // Whatever is printed next goes below the block, not over it.
        linesShown = 0;
    }

    private void draw(Duration elapsed, List<QueueCounts> counts, boolean always) {
        List<String> frame = new ArrayList<>();
        frame.add(String.format("%4d s   Ctrl-C stops; pending tasks stay stored and resume on the next run",
                elapsed.toSeconds()));
        frame.addAll(counts.isEmpty() ? List.of("(no queues yet)") : ProgressDisplay.table(counts));
        frame.addAll(ProgressDisplay.bars(counts));
        if (!always && linesShown > 0 && frame.equals(shown)) {
            return; // Redrawing the same frame would only flicker.
        }
        if (linesShown > 0) {
            out.print("\r" + ESC + linesShown + "A" + ESC + "J");
        }
        frame.forEach(line -> out.println("  " + line));
        out.flush();
        shown = frame;
        linesShown = frame.size();
    }
}
