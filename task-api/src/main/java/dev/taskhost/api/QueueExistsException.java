package dev.taskhost.api;

/** Thrown when a queue of that name was already created in this host's lifetime (R6). */
public final class QueueExistsException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the input */
    public QueueExistsException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the input
     * @param cause the underlying failure
     */
    public QueueExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}
