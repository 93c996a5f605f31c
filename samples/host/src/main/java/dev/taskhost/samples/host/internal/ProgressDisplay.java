package dev.taskhost.samples.host.internal;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/** Shows the demo's progress: where every queue stands, over and over. Not thread-safe. */
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
                table.row(queue.owner(), queue.queue(), queue.pending(), queue.running(), queue.completed(),
                        queue.failed());
            }
        }
        return table.lines();
    }
}
