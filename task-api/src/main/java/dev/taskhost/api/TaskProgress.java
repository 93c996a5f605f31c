package dev.taskhost.api;

import java.time.Instant;
import java.util.Objects;

/**
 * The last progress a running task's worker reported (R48). Immutable.
 *
 * @param percent 0 to 100
 * @param note a short note, at most {@link #MAX_NOTE_BYTES} bytes of UTF-8; empty when none
 * @param reportedAt when the worker reported it
 */
public record TaskProgress(int percent, String note, Instant reportedAt) {

    /** The longest note, in bytes of UTF-8. */
    public static final int MAX_NOTE_BYTES = 1024;

    /**
     * @throws IllegalArgumentException if {@code percent} is outside 0-100 or the note is too long
     * @throws NullPointerException if a component is null
     */
    public TaskProgress {
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(reportedAt, "reportedAt");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress percent must be 0 to 100 (R48), was " + percent);
        }
        int bytes = note.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_NOTE_BYTES) {
            throw new IllegalArgumentException("progress note is " + bytes + " bytes of UTF-8, over the limit of "
                    + MAX_NOTE_BYTES + " (R48)");
        }
    }
}
