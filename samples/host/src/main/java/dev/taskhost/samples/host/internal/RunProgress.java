package dev.taskhost.samples.host.internal;

import dev.taskhost.api.TaskProgress;
import dev.taskhost.core.spi.TaskRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one running task stands, as read from the store: the last progress its worker reported
 * (R48), which the host writes at most once a second per run.
 *
 * @param taskId the task's id
 * @param progress its last report; empty if its worker has reported none yet
 */
public record RunProgress(String taskId, Optional<TaskProgress> progress) {

    /** @throws NullPointerException if a component is null */
    public RunProgress {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(progress, "progress");
    }

    /** A running task's progress. */
    public static RunProgress of(TaskRecord task) {
        return new RunProgress(task.id(), task.progress());
    }

    /** The percentage reported, 0 until the first report. */
    public int percent() {
        return progress.map(TaskProgress::percent).orElse(0);
    }

    /** The note reported, empty until the first report. */
    public String note() {
        return progress.map(TaskProgress::note).orElse("");
    }

    /**
     * A bar of {@code width} cells, {@code #} for what is done and {@code .} for the rest, in
     * brackets: {@code [######......]}. Plain ASCII, so that any terminal shows it.
     *
     * @throws IllegalArgumentException if {@code width < 1}
     */
    public String bar(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a bar is at least 1 cell wide, was " + width);
        }
        int done = percent() * width / 100;
        return "[" + "#".repeat(done) + ".".repeat(width - done) + "]";
    }
}
