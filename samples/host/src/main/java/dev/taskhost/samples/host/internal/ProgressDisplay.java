package dev.taskhost.samples.host.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows the demo's progress: where every queue stands, and how far each running task has got,
 * over and over. Not thread-safe.
 */
public interface ProgressDisplay {

    /** Shows the counts as they are now; a display may skip a frame that would show nothing new. */
    void show(Duration elapsed, List<QueueCounts> counts);

    /** Shows the counts one last time, whatever was shown before. */
    void last(Duration elapsed, List<QueueCounts> counts);

    /**
     * Redraws in place on a terminal, prints plain lines otherwise.
     *
     * @param terminal whether {@code out} is a terminal that understands ANSI cursor movement
     */
    static ProgressDisplay on(PrintWriter out, boolean terminal) {
        return terminal ? new LiveDisplay(out) : new PlainDisplay(out);
    }

    /** The counts as a table: owner, queue, pending, running, completed, failed. */
    static List<String> table(List<QueueCounts> counts) {
        return ownersTable(List.of(OwnerCounts.read("", counts)));
    }

    /** The owners' counts as {@link #table}, with each owner that cannot be read in a row saying why. */
    static List<String> ownersTable(List<OwnerCounts> owners) {
        Table table = Table.withColumns("OWNER", "QUEUE", ">PENDING", ">RUNNING", ">COMPLETED", ">FAILED");
        for (OwnerCounts owner : owners) {
            owner.unreadable().ifPresent(why -> table.remark(owner.owner(), "cannot be read: " + why));
            for (QueueCounts queue : owner.queues()) {
                table.row(queue.owner(), queue.shownQueue(), queue.pending(), queue.running(), queue.completed(),
                        queue.failed());
            }
        }
        return table.lines();
    }

    /** How many cells wide a progress bar is. */
    int BAR_WIDTH = 20;

    /** How much of a progress note a line shows; a longer one is cut and ends in {@code …}. */
    int NOTE_WIDTH = 60;

    /**
     * A line per running task of the queues, oldest first by queue, under a {@code Running:} line:
     * its queue, a bar of its last reported progress (R48), the percentage and the note. Nothing if
     * no task runs.
     */
    static List<String> bars(List<QueueCounts> counts) {
        int nameWidth = counts.stream().filter(queue -> !queue.runs().isEmpty())
                .mapToInt(queue -> queue.name().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (QueueCounts queue : counts) {
            for (RunProgress run : queue.runs()) {
                lines.add(String.format("%-" + nameWidth + "s  %s %3d%%  %s", queue.name(), run.bar(BAR_WIDTH),
                        run.percent(), run.progress().isEmpty() ? "(no progress reported yet)" : cut(run.note())));
            }
        }
        if (!lines.isEmpty()) {
            lines.add(0, "Running:");
        }
        return lines;
    }

    /**
     * The note on one line, cut to {@link #NOTE_WIDTH} characters. A note is a plugin's text: its
     * other control characters (an ANSI escape among them) show as {@code ?}, so that none moves
     * the cursor or recolours the terminal.
     */
    static String cut(String note) {
        String line = note.replace("\r\n", "⏎").replace('\n', '⏎').replace('\r', '⏎')
                .replaceAll("\\p{Cntrl}", "?");
        return line.length() <= NOTE_WIDTH ? line : line.substring(0, NOTE_WIDTH - 1) + "…";
    }
}
