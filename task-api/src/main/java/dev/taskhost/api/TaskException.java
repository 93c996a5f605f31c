package dev.taskhost.api;

/** The root of every exception taskhost throws for a task or queue operation. Unchecked. */
public abstract sealed class TaskException extends RuntimeException
        permits QueueExistsException, QueueNotFoundException, TaskNotFoundException,
                TaskNotCancellableException, TaskNotRetryableException, PermissionDeniedException,
                TaskStoreException {
    private static final long serialVersionUID = 1L;

    TaskException(String message) {
        super(message);
    }

    TaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
