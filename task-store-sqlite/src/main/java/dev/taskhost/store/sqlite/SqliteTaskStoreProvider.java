package dev.taskhost.store.sqlite;

import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.store.sqlite.internal.SqliteTaskStore;
import dev.taskhost.store.sqlite.internal.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens the SQLite store: one database per owner, {@code <data directory>/<owner>/tasks.db}, so
 * owners are isolated on disk and never wait for each other's write lock. Databases run in
 * write-ahead-log mode; their schema is versioned with {@code PRAGMA user_version}, and a file that
 * is not a SQLite database, or whose schema is newer than this code knows, is refused and left
 * untouched (R23).
 *
 * <p>Immutable and thread-safe; one provider may open any number of stores.
 */
public final class SqliteTaskStoreProvider implements TaskStoreProvider {

    /** The busy timeout when none is given. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** How long an owner database stays unused before its connection is closed, when none is given. */
    public static final Duration DEFAULT_IDLE_CLOSE = StoreSettings.DEFAULT_IDLE_CLOSE;

    private final Optional<Path> dataDirectory;
    private final Durability durability;
    private final Duration busyTimeout;
    private final Duration idleClose;

    /**
     * The provider with default settings, for {@link java.util.ServiceLoader} (module path and class
     * path alike): it keeps its files in the host's data directory, with {@link Durability#NORMAL}
     * and a busy timeout of 5 seconds. Code that picks the store itself should use
     * {@link #builder()}.
     */
    public SqliteTaskStoreProvider() {
        this(builder());
    }

    private SqliteTaskStoreProvider(Builder builder) {
        this.dataDirectory = builder.dataDirectory;
        this.durability = builder.durability;
        this.busyTimeout = builder.busyTimeout;
        this.idleClose = builder.idleClose;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns {@code "sqlite"}. */
    @Override
    public String name() {
        return "sqlite";
    }

    /**
     * Opens the store in the builder's data directory, else in the context's, creating the
     * directory when absent. Owner databases are opened on first use. The store holds an OS lock
     * on the lock file {@code .taskhost.lock} in the directory until it is closed, so that a second
     * host on the directory, in this process or another, is refused (R38); the OS releases it when
     * the process dies.
     *
     * <p>With {@link StoreContext#readOnly()}, it takes no lock, creates no directory, file or
     * owner, migrates nothing and leaves no file behind (it reads beside a running host, or a copy
     * in a directory it may not write); every write throws {@link TaskStoreException}.
     *
     * @throws NullPointerException if {@code context} is null
     * @throws TaskStoreException if neither names a data directory, it cannot be created (or,
     *     read-only, does not exist), or another host has it open
     */
    @Override
    public TaskStore open(StoreContext context) {
        Objects.requireNonNull(context, "context");
        Path directory = dataDirectory.or(context::dataDirectory).orElseThrow(() -> new TaskStoreException(
                "the SQLite store needs a data directory: give one to the host's builder or to "
                        + "SqliteTaskStoreProvider.builder().dataDirectory(...)"));
        boolean readOnly = context.readOnly();
        return SqliteTaskStore.open(new StoreSettings(directory, durability, busyTimeout, readOnly, !readOnly,
                idleClose));
    }

    @Override
    public String toString() {
        return "SqliteTaskStoreProvider[dataDirectory=" + dataDirectory.map(Path::toString).orElse("(host's)")
                + ", durability=" + durability + ", busyTimeout=" + busyTimeout + ", idleClose=" + idleClose + "]";
    }

    /** Builds a {@link SqliteTaskStoreProvider}. Not thread-safe. */
    public static final class Builder {
        private Optional<Path> dataDirectory = Optional.empty();
        private Durability durability = Durability.NORMAL;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private Duration idleClose = DEFAULT_IDLE_CLOSE;

        private Builder() {
        }

        /**
         * Where the owners' databases live; overrides the host's data directory. Optional.
         *
         * @throws NullPointerException if {@code directory} is null
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Optional.of(Objects.requireNonNull(directory, "dataDirectory"));
            return this;
        }

        /**
         * What a commit survives; {@link Durability#NORMAL} by default.
         *
         * @throws NullPointerException if {@code durability} is null
         */
        public Builder durability(Durability durability) {
            this.durability = Objects.requireNonNull(durability, "durability");
            return this;
        }

        /**
         * How long a statement waits for another connection's write lock (another host sharing the
         * files) before it fails; 5 seconds by default.
         *
         * @throws NullPointerException if {@code timeout} is null
         * @throws IllegalArgumentException if it is negative or longer than {@link Integer#MAX_VALUE}
         *     milliseconds
         */
        public Builder busyTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "busyTimeout");
            if (timeout.isNegative() || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("busyTimeout must be 0 to " + Integer.MAX_VALUE
                        + " ms, was " + timeout);
            }
            this.busyTimeout = timeout;
            return this;
        }

        /**
         * How long an owner's database may go unused before its connection is closed, which frees
         * its open files (the database, its write-ahead log and shared-memory index) and page
         * cache; the next call on that owner opens it again, transparently. The data directory's
         * lock (R38) stays held all the while. {@link Duration#ZERO} keeps every database open
         * until the store closes. Default {@link #DEFAULT_IDLE_CLOSE} (5 minutes).
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder idleClose(Duration idle) {
            Objects.requireNonNull(idle, "idleClose");
            if (idle.isNegative()) {
                throw new IllegalArgumentException("idleClose must not be negative, was " + idle);
            }
            this.idleClose = idle;
            return this;
        }

        /** The provider with these settings. */
        public SqliteTaskStoreProvider build() {
            return new SqliteTaskStoreProvider(this);
        }
    }
}
