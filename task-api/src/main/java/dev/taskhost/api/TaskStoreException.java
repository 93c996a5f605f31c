package dev.taskhost.api;

/** Thrown when the store failed (R23); the cause says how. */
public final class TaskStoreException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the input */
    public TaskStoreException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the input
     * @param cause the underlying failure
     */
    public TaskStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
