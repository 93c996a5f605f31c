package dev.taskhost.samples.host.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Marks the queues of owners whose plugin is not installed now (no {@code <owner>.jar} in the
 * plugins directory): they were stored by earlier runs, and nothing in this run works on them.
 */
public final class NotInstalled {
    /** Follows the owner's name in the tables. */
    public static final String MARK = " (not installed)";

    private NotInstalled() {
    }

    /** The counts, each owner without a plugin JAR in {@code pluginsDirectory} marked. */
    public static List<QueueCounts> mark(List<QueueCounts> counts, Path pluginsDirectory) {
        return counts.stream().map(queue -> Files.isRegularFile(pluginsDirectory.resolve(queue.owner() + ".jar"))
                ? queue
                : queue.withOwner(queue.owner() + MARK)).toList();
    }

    /** A display that shows such owners marked. */
    public static ProgressDisplay marking(ProgressDisplay display, Path pluginsDirectory) {
        return new ProgressDisplay() {
            @Override
            public void show(Duration elapsed, List<QueueCounts> counts) {
                display.show(elapsed, mark(counts, pluginsDirectory));
            }

            @Override
            public void last(Duration elapsed, List<QueueCounts> counts) {
                display.last(elapsed, mark(counts, pluginsDirectory));
            }
        };
    }
}
