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
 */
public record StoreSettings(Path dataDirectory, Durability durability, Duration busyTimeout) {

    /** @throws NullPointerException if a component is null */
    public StoreSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
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
