package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ReadyListener;
import dev.taskhost.core.spi.TaskStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The SQLite store: one database per owner, {@code <data directory>/<owner>/tasks.db}, opened on
 * first use and kept open until {@link #close()}. Thread-safe.
 */
public final class SqliteTaskStore implements TaskStore {

    /** The name of each owner's database file. */
    public static final String DATABASE_FILE_NAME = "tasks.db";

    private final StoreSettings settings;
    private final Map<String, SqliteOwnerStore> owners = new ConcurrentHashMap<>();
    private final Object opening = new Object();
    private volatile boolean closed;

    private SqliteTaskStore(StoreSettings settings) {
        this.settings = settings;
    }

    /**
     * Opens the store, creating its data directory when absent.
     *
     * @throws TaskStoreException if the data directory cannot be created
     */
    public static SqliteTaskStore open(StoreSettings settings) {
        Path directory = settings.dataDirectory();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TaskStoreException("cannot create the data directory " + directory + " of the SQLite "
                    + "store: " + e, e);
        }
        return new SqliteTaskStore(settings);
    }

    /** The folders of the data directory that are owner ids and hold a database, sorted. */
    @Override
    public List<String> owners() {
        requireOpen();
        Path directory = settings.dataDirectory();
        try (Stream<Path> children = Files.list(directory)) {
            return children
                    .filter(child -> TaskLimits.OWNER_ID.matcher(child.getFileName().toString()).matches())
                    .filter(child -> Files.isRegularFile(child.resolve(DATABASE_FILE_NAME)))
                    .map(child -> child.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TaskStoreException("cannot list the owners in the data directory " + directory + ": " + e, e);
        }
    }

    /**
     * The owner's store, opening its database on first use.
     *
     * @throws IllegalArgumentException if the owner id breaks R3
     * @throws TaskStoreException if the database cannot be opened or is refused (R23)
     * @throws IllegalStateException if the store was closed
     */
    @Override
    public OwnerStore owner(String ownerId) {
        TaskLimits.requireOwnerId(ownerId);
        requireOpen();
        SqliteOwnerStore open = owners.get(ownerId);
        if (open != null) {
            return open;
        }
        // One owner database opens at a time: opening is rare, and close() must see every one.
        synchronized (opening) {
            requireOpen();
            return owners.computeIfAbsent(ownerId,
                    id -> new SqliteOwnerStore(OwnerDatabase.open(id, settings)));
        }
    }

    /** No: one process uses the data directory at a time (R38). */
    @Override
    public boolean shared() {
        return false;
    }

    /** Does nothing: no other host can make tasks ready in this store (R39). */
    @Override
    public void listen(ReadyListener listener) {
        Objects.requireNonNull(listener, "listener");
    }

    /**
     * Closes every owner database; further calls fail. Idempotent.
     *
     * @throws TaskStoreException if a database failed to close; the others are closed all the same
     */
    @Override
    public void close() {
        List<SqliteOwnerStore> toClose;
        synchronized (opening) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(owners.values());
        }
        TaskStoreException failure = null;
        for (SqliteOwnerStore owner : toClose) {
            try {
                owner.close();
            } catch (TaskStoreException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the SQLite store in " + settings.dataDirectory() + " is closed");
        }
    }
}
