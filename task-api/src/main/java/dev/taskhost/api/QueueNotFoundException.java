package dev.taskhost.api;

/** Thrown when the queue was not created in this host's lifetime (R8). */
public final class QueueNotFoundException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the input */
    public QueueNotFoundException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the input
     * @param cause the underlying failure
     */
    public QueueNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
