package dev.taskhost.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The last progress a running task's worker reported with {@link Task#progress} (R48). Immutable.
 *
 * @param percent 0 to 100
 * @param note a short note, at most {@link #MAX_NOTE_BYTES} bytes of UTF-8; empty when none
 * @param reportedAt when the worker reported it
 */
public record TaskProgress(int percent, String note, Instant reportedAt) {

    /** The longest note, in bytes of UTF-8. */
    public static final int MAX_NOTE_BYTES = TaskLimits.MAX_PROGRESS_NOTE_BYTES;

    /**
     * @throws IllegalArgumentException if {@code percent} is outside 0-100 or the note is too long
     * @throws NullPointerException if a component is null
     */
    public TaskProgress {
        TaskLimits.requireProgress(percent, note);
        Objects.requireNonNull(reportedAt, "reportedAt");
    }
}
