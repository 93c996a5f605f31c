package dev.taskhost.api;

import java.util.Objects;

/**
 * A task handed to a {@link TaskWorker} for one attempt.
 *
 * <p>The payload array is the worker's own copy: changing it affects nothing stored.
 *
 * @param queueName the queue the task belongs to
 * @param taskId the task id
 * @param payload exactly the bytes given to {@link TaskService#enqueue}
 * @param attempt 1 on the first run (R14)
 * @param progressSink where {@link #progress} sends this attempt's reports
 */
public record Task(String queueName, String taskId, byte[] payload, int attempt, ProgressSink progressSink) {

    /** @throws NullPointerException if any component is null */
    public Task {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(progressSink, "progressSink");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt is 1-based, was " + attempt);
        }
    }

    /** A task whose progress reports go nowhere ({@link ProgressSink#DISCARD}): for tests. */
    public Task(String queueName, String taskId, byte[] payload, int attempt) {
        this(queueName, taskId, payload, attempt, ProgressSink.DISCARD);
    }

    /**
     * Reports this attempt's progress (R48): {@link TaskService#get} shows the last report while
     * the task runs and after it ends. Cheap: reports are coalesced, so calling it in a tight loop
     * does not cost a store write per call; the real host stores at most one report per second of
     * its clock while the task runs (so {@code get} may show one up to a second old), and the last
     * one when the attempt ends. Reports after the attempt ended are ignored. Thread-safe.
     *
     * @param percent 0 to 100
     * @param note a short note, at most {@link TaskLimits#MAX_PROGRESS_NOTE_BYTES} bytes of UTF-8;
     *     {@code ""} for none
     * @throws IllegalArgumentException if {@code percent} is outside 0-100 or the note is too long
     * @throws NullPointerException if {@code note} is null
     */
    public void progress(int percent, String note) {
        TaskLimits.requireProgress(percent, note);
        progressSink.report(percent, note);
    }
}
