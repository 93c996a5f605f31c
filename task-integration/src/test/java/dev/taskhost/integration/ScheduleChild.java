package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.jvm.ScheduleChildren;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The schedule crash test's child: a host on the SQLite store of a data directory that serves
 * {@link ScheduleChildren}' schedule until it is killed (finished tasks kept a week, so that the
 * test can read every fire's task).
 *
 * <p>Usage: {@code ScheduleChild <dataDirectory>}.
 */
public final class ScheduleChild {

    private ScheduleChild() {
    }

    /**
     * Runs until killed.
     *
     * @throws Exception if the host fails
     */
    public static void main(String[] args) throws Exception {
        TaskHost host = TaskHost.builder().dataDirectory(Path.of(args[0])).build();
        ScheduleChildren.serve(host, QueueConfig.builder().retention(Duration.ofDays(7)).build());
    }
}
