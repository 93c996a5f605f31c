package dev.taskhost.core;

/** How one run of a task ended, as a {@link TaskListener} is told. */
public enum RunOutcome {
    /** The worker returned: the task is {@code completed}. */
    COMPLETED,
    /** The attempt failed and was the last allowed (R14, R15, R46): the task is {@code failed}. */
    FAILED,
    /** The attempt failed with attempts left: the task is pending again, after its backoff (R14). */
    RETRIED,
    /** Shutdown stopped the run: the task is pending again with its attempt given back (R22). */
    RELEASED,
    /** The task was cancelled while it ran (R47): whatever the worker did is not recorded. */
    CANCELLED,
    /** This host lost the run's lease (R37): another host recovers it, nothing is recorded here. */
    LEASE_LOST
}
