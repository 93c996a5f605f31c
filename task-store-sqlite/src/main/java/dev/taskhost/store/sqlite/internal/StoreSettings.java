package dev.taskhost.store.sqlite.internal;

import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a store opens its owner databases.
 *
 * @param dataDirectory the folder that holds one folder per owner
 * @param durability the {@code synchronous} setting
 * @param busyTimeout how long a statement waits for another connection's lock
 * @param readOnly open to read only: no lock, no migration, no file or folder created, and every
 *     write refused
 * @param exclusive take the data directory's lock file, so that no other store opens it (R38);
 *     never with {@code readOnly}
 */
public record StoreSettings(Path dataDirectory, Durability durability, Duration busyTimeout, boolean readOnly,
                            boolean exclusive) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if both {@code readOnly} and {@code exclusive} are set
     */
    public StoreSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (readOnly && exclusive) {
            throw new IllegalArgumentException("a read-only store takes no lock");
        }
    }

    /** Read and write, without the lock: for tests that open several stores on one directory. */
    public StoreSettings(Path dataDirectory, Durability durability, Duration busyTimeout) {
        this(dataDirectory, durability, busyTimeout, false, false);
    }

    /** Where the owner's database lives. */
    Path databaseFile(String ownerId) {
        return dataDirectory.resolve(ownerId).resolve(SqliteTaskStore.DATABASE_FILE_NAME);
    }

    /** The busy timeout in whole milliseconds, as SQLite takes it. */
    int busyTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis());
    }
}
