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

    /**
     * Records the host's heartbeat (see {@link HostBeat}): its row, created or replaced, stamped on
     * the store's clock, with what it runs now. Removes the records of hosts whose last beat ran out
     * (a host killed without {@link #forgetHost}). A read-only store refuses it.
     */
    void beat(HostBeat beat);

    /** Removes the host's heartbeat record, if any: a host closing cleanly. A read-only store refuses it. */
    void forgetHost(String hostId);

    /**
     * The hosts whose last beat has not run out by the store's clock, by host name then id, with
     * what each runs. A store that only one process may use holds no other process's hosts.
     */
    List<LiveHost> liveHosts();

    /** Releases the store's resources; further calls fail. Idempotent. */
    @Override
    void close();
}
