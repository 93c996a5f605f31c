package dev.taskhost.core.spi;

import java.util.List;

/**
 * A store of owners' queues and tasks. Thread-safe. Every method may throw
 * {@link dev.taskhost.api.TaskStoreException} (R23).
 */
public interface TaskStore extends AutoCloseable {

    /** The ids of every owner that has queues in the store, sorted. */
    List<String> owners();

    /**
     * One owner's part of the store, created when absent. Repeated calls may return the same
     * object. The owner id is already checked against R3.
     */
    OwnerStore owner(String ownerId);

    /** Releases the store's resources; further calls fail. Idempotent. */
    @Override
    void close();
}
