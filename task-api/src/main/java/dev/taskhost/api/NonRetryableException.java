package dev.taskhost.api;

/**
 * Thrown by a {@link TaskWorker} to fail its task at once, whatever retries are left (R46): the
 * task ends {@link TaskStatus#FAILED} with this exception's message (R16). Use it for failures
 * another attempt cannot fix, such as a malformed payload.
 */
public class NonRetryableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why the task cannot succeed; stored as the task's message */
    public NonRetryableException(String message) {
        super(message);
    }

    /**
     * @param message why the task cannot succeed; stored as the task's message
     * @param cause the underlying failure
     */
    public NonRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
