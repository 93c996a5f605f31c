package dev.taskhost.api;

/**
 * Where a {@link Task}'s progress reports go (R48). The host gives each attempt its own; workers
 * call {@link Task#progress}, not this. Implementations are thread-safe, cheap to call in a tight
 * loop (they coalesce what they store), and ignore reports once the attempt has ended.
 */
@FunctionalInterface
public interface ProgressSink {

    /** A sink that keeps nothing: for a {@link Task} made outside a host, in a test. */
    ProgressSink DISCARD = (percent, note) -> { };

    /**
     * Takes one report, already checked by {@link TaskLimits#requireProgress}.
     *
     * @param percent 0 to 100
     * @param note at most {@link TaskLimits#MAX_PROGRESS_NOTE_BYTES} bytes of UTF-8
     */
    void report(int percent, String note);
}
