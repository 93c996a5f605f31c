package dev.taskhost.api;

/** Thrown by {@link TaskService#retry} when the task is not failed or cancelled (R45); the message names its status. */
public final class TaskNotRetryableException extends TaskException {
    private static final long serialVersionUID = 1L;

    /** @param message what happened, naming the input */
    public TaskNotRetryableException(String message) {
        super(message);
    }

    /**
     * @param message what happened, naming the input
     * @param cause the underlying failure
     */
    public TaskNotRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}
