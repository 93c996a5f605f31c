package dev.taskhost.api;

/** Thrown when a plugin asked for a service its manifest does not permit (R27). */
public final class PermissionDeniedException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the input */
    public PermissionDeniedException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the input
     * @param cause the underlying failure
     */
    public PermissionDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
