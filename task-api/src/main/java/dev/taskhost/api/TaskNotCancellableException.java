package dev.taskhost.api;

/**
 * Thrown when a task cannot be cancelled: {@code cancel(id)} on a task that is not pending (R18),
 * {@code cancel(id, true)} on one that has ended (R47). The message names its status.
 */
public final class TaskNotCancellableException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the input */
    public TaskNotCancellableException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the input
     * @param cause the underlying failure
     */
    public TaskNotCancellableException(String message, Throwable cause) {
        super(message, cause);
    }
}
