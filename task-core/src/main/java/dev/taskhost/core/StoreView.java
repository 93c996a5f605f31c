package dev.taskhost.core;

import dev.taskhost.core.internal.HostOperator;
import dev.taskhost.core.internal.StoreDiscovery;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A store opened read-only, with no host running, and the operator's view of it: for a console or
 * a tool over stored data (R62: it has no actions). Opening takes no lock, migrates nothing and
 * creates nothing, so it may run beside a host on the same store. Thread-safe.
 */
public final class StoreView implements AutoCloseable {
    private final TaskStore store;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final OperatorView view;

    private StoreView(TaskStore store) {
        this.store = store;
        this.view = HostOperator.readOnlyView(store, this::ensureOpen);
    }

    /**
     * Opens the store {@code provider} makes, read-only.
     *
     * @param dataDirectory where a file-based store keeps its files
     * @throws dev.taskhost.api.TaskStoreException if it cannot be opened (R23)
     */
    public static StoreView open(TaskStoreProvider provider, Optional<Path> dataDirectory) {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        return new StoreView(provider.open(new StoreContext(dataDirectory, true)));
    }

    /**
     * Opens the data directory read-only with the one store {@link java.util.ServiceLoader} finds.
     *
     * @throws dev.taskhost.api.TaskStoreException if it cannot be opened (R23)
     * @throws IllegalStateException if no store, or several, are found
     */
    public static StoreView open(Path dataDirectory) {
        return open(StoreDiscovery.findOne(), Optional.of(Objects.requireNonNull(dataDirectory, "dataDirectory")));
    }

    /** The read-only view; its methods throw {@link IllegalStateException} once this is closed. */
    public OperatorView view() {
        return view;
    }

    /** Closes the store. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            store.close();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("the store view is closed");
        }
    }
}
