package dev.taskhost.api;

/** Where a task is in its life. */
public enum TaskStatus {
    /** Waiting to run: new, waiting out a backoff, or waiting for its queue's delay slot. */
    PENDING,
    /** A worker is executing it. */
    RUNNING,
    /** The worker returned. */
    COMPLETED,
    /** Every allowed attempt failed. */
    FAILED,
    /** Cancelled while pending. */
    CANCELLED;

    /** Whether the task has ended: {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
