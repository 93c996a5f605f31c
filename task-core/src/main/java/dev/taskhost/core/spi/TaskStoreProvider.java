package dev.taskhost.core.spi;

/**
 * Opens a {@link TaskStore}. Found by {@link java.util.ServiceLoader} when a host is built with
 * only a data directory, or handed to {@code TaskHost.builder().store(...)}. Thread-safe.
 */
public interface TaskStoreProvider {

    /** A short name for logs and errors, such as {@code "sqlite"}. */
    String name();

    /**
     * Opens the store, creating it when absent.
     *
     * @throws dev.taskhost.api.TaskStoreException if it cannot be opened; a store it does not
     *     understand is refused and left untouched (R23)
     */
    TaskStore open(StoreContext context);
}
