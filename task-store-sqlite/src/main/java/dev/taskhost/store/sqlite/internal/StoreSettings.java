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
 * @param idleClose how long an owner database stays unused before its connection is closed (it
 *     reopens on the next use); zero keeps every database open until the store closes
 */
public record StoreSettings(Path dataDirectory, Durability durability, Duration busyTimeout, boolean readOnly,
                            boolean exclusive, Duration idleClose) {

    /** The idle time after which an owner database's connection is closed, when none is given. */
    public static final Duration DEFAULT_IDLE_CLOSE = Duration.ofMinutes(5);

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if both {@code readOnly} and {@code exclusive} are set
     */
    public StoreSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(idleClose, "idleClose");
        if (idleClose.isNegative()) {
            throw new IllegalArgumentException("idleClose must not be negative, was " + idleClose);
        }
        if (readOnly && exclusive) {
            throw new IllegalArgumentException("a read-only store takes no lock");
        }
    }

    /** With the default idle close. */
    public StoreSettings(Path dataDirectory, Durability durability, Duration busyTimeout, boolean readOnly,
                         boolean exclusive) {
        this(dataDirectory, durability, busyTimeout, readOnly, exclusive, DEFAULT_IDLE_CLOSE);
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
