package dev.taskhost.api;

/** Thrown when the task is not pending (R18); the message names its status. */
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
