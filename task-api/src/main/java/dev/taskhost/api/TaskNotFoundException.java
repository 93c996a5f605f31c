package dev.taskhost.api;

/** Thrown when no task of this owner has the id (R2). */
public final class TaskNotFoundException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the input */
    public TaskNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the input
     * @param cause the underlying failure
     */
    public TaskNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
