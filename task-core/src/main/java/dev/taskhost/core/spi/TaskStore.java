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

    /**
     * Whether other hosts may use the store at once (R35): then the host renews leases, recovers
     * expired ones, and polls as a fallback for lost wake-ups (R37, R39).
     */
    boolean shared();

    /**
     * Tells {@code listener} when another host made tasks of a queue ready (R39). A store used by
     * one host only has nothing to tell and may ignore it. Call once, before the first owner.
     */
    void listen(ReadyListener listener);

    /** Releases the store's resources; further calls fail. Idempotent. */
    @Override
    void close();
}
