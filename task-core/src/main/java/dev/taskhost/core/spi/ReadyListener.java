package dev.taskhost.core.spi;

/** Told by a shared store that a queue may have tasks ready to start (R39). Must not block. */
@FunctionalInterface
public interface ReadyListener {

    /** Tasks of the owner's queue may be ready: a host with free workers should claim. */
    void ready(String ownerId, String queueName);
}
