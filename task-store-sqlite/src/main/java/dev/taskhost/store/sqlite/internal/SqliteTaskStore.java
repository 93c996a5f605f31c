package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.HostBeat;
import dev.taskhost.core.spi.LiveHost;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ReadyListener;
import dev.taskhost.core.spi.TaskStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite store: one database per owner, {@code <data directory>/<owner>/tasks.db}, opened on
 * first use. A database unused for {@link StoreSettings#idleClose()} has its connections closed by
 * the store's one maintenance thread, and reopened by the next call on it; so the open files stay
 * bounded by the owners in use, not by all owners ever opened. The same thread looks at every
 * owner database in use every {@value #CHECKPOINT_PERIOD_MILLIS} ms and checkpoints those whose log
 * grew past {@link OwnerDatabase#CHECKPOINT_FRAMES} frames, so that no commit runs one and many busy
 * owners cost one cheap look each per turn.
 * Each owner database has its writer's connection, and while in use a connection for its
 * checkpoints and descriptors on its file and its wal-index, and no thread of its own. An exclusive store holds an OS lock on
 * {@value #LOCK_FILE_NAME} in the data directory while it is open, so that a second host, in this
 * process or another, is refused (R38); the OS releases it when the process dies, so a restart
 * after a crash opens at once. Thread-safe.
 */
public final class SqliteTaskStore implements TaskStore {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteTaskStore.class);

    /** The name of each owner's database file. */
    public static final String DATABASE_FILE_NAME = "tasks.db";
    /** The lock file in the data directory; its leading dot keeps it apart from every owner id (R3). */
    public static final String LOCK_FILE_NAME = ".taskhost.lock";
    /** How often the maintenance thread looks for owner databases whose log needs a checkpoint. */
    static final long CHECKPOINT_PERIOD_MILLIS = 50;

    /**
     * The data directories locked in this JVM. The OS lock alone cannot say it: a second channel on
     * the lock file of this process would be refused by the JVM, and closing that channel would
     * release the first one's lock at the OS level (POSIX locks belong to the process).
     */
    private static final Set<Path> LOCKED_HERE = ConcurrentHashMap.newKeySet();

    private final StoreSettings settings;
    private final Optional<DirectoryLock> directoryLock;
    private final Map<String, SqliteOwnerStore> owners = new ConcurrentHashMap<>();
    private final Object opening = new Object();
    private final Optional<ScheduledExecutorService> maintenance;
    private volatile boolean closed;
    private final HostRecords hosts = new HostRecords(java.time.Clock.systemUTC());

    private SqliteTaskStore(StoreSettings settings, Optional<DirectoryLock> directoryLock) {
        this.settings = settings;
        this.directoryLock = directoryLock;
        this.maintenance = settings.idleClose().isZero() && settings.readOnly()
                ? Optional.empty() : Optional.of(startMaintenance());
    }

    /**
     * One daemon thread per store, whatever the number of owners, that checkpoints the databases in
     * use (a writable store) and closes idle ones (with an idle close).
     */
    private ScheduledExecutorService startMaintenance() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskhost-sqlite-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        if (!settings.idleClose().isZero()) {
            long idleNanos = settings.idleClose().toNanos();
            // Checked twice per idle time, so a database closes between one and one and a half idle
            // times after its last use.
            long periodMillis = Math.max(5, Math.min(TimeUnit.MINUTES.toMillis(1), idleNanos / 2_000_000));
            executor.scheduleWithFixedDelay(() -> closeIdle(idleNanos), periodMillis, periodMillis,
                    TimeUnit.MILLISECONDS);
        }
        if (!settings.readOnly()) {
            executor.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_PERIOD_MILLIS, CHECKPOINT_PERIOD_MILLIS,
                    TimeUnit.MILLISECONDS);
        }
        return executor;
    }

    private void checkpoint() {
        for (Map.Entry<String, SqliteOwnerStore> owner : owners.entrySet()) {
            if (closed) {
                return;
            }
            try {
                owner.getValue().checkpoint();
            } catch (RuntimeException e) {
                // A failed checkpoint itself is logged by the database; this is anything else.
                LOG.debug("checkpointing the database of owner '{}' failed; trying again at the next one",
                        owner.getKey(), e);
            }
        }
    }

    private void closeIdle(long idleNanos) {
        for (Map.Entry<String, SqliteOwnerStore> owner : owners.entrySet()) {
            if (closed) {
                return;
            }
            try {
                owner.getValue().closeIfIdle(idleNanos);
            } catch (RuntimeException e) {
                // A failed close of the connection itself is logged by the database; this is anything else.
                LOG.debug("closing the idle database of owner '{}' failed; trying again at the next check",
                        owner.getKey(), e);
            }
        }
    }

    /**
     * Opens the store, creating its data directory when absent; an exclusive one takes the data
     * directory's lock (R38). A read-only one creates nothing.
     *
     * @throws TaskStoreException if the data directory cannot be created (or, read-only, does not
     *     exist), or another store holds its lock, in this process or another
     */
    public static SqliteTaskStore open(StoreSettings settings) {
        Path directory = settings.dataDirectory();
        if (settings.readOnly()) {
            if (!Files.isDirectory(directory)) {
                throw new TaskStoreException("the data directory " + directory + " of the SQLite store does not "
                        + "exist, or is not a directory");
            }
            return new SqliteTaskStore(settings, Optional.empty());
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new TaskStoreException("cannot create the data directory " + directory + " of the SQLite "
                    + "store: " + e, e);
        }
        return new SqliteTaskStore(settings,
                settings.exclusive() ? Optional.of(DirectoryLock.take(directory)) : Optional.empty());
    }

    /** The OS lock on a data directory's lock file, held from open to close. */
    private static final class DirectoryLock {
        private final Path key;
        private final FileChannel channel;
        private final FileLock lock;

        private DirectoryLock(Path key, FileChannel channel, FileLock lock) {
            this.key = key;
            this.channel = channel;
            this.lock = lock;
        }

        static DirectoryLock take(Path directory) {
            Path file = directory.resolve(LOCK_FILE_NAME);
            Path key;
            try {
                key = directory.toRealPath();
            } catch (IOException e) {
                throw new TaskStoreException("cannot lock the data directory " + directory + ": " + e, e);
            }
            if (!LOCKED_HERE.add(key)) {
                throw inUse(directory, "another task host of this process has it open");
            }
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                FileLock lock = tryLock(channel);
                if (lock == null) {
                    String holder = holderOf(channel);
                    throw inUse(directory, "another process" + holder + " has it open");
                }
                writeHolder(channel);
                return new DirectoryLock(key, channel, lock);
            } catch (IOException e) {
                abandon(key, channel, e);
                throw new TaskStoreException("cannot lock the data directory " + directory + " (" + file + "): " + e, e);
            } catch (RuntimeException | Error e) {
                abandon(key, channel, e);
                throw e;
            }
        }

        private static void abandon(Path key, FileChannel channel, Throwable failure) {
            LOCKED_HERE.remove(key);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException closing) {
                    failure.addSuppressed(closing);
                }
            }
        }

        private static FileLock tryLock(FileChannel channel) throws IOException {
            try {
                return channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // This JVM holds it through a channel opened elsewhere (not by this store).
                return null;
            }
        }

        /** Who holds the lock, for the message of the next one that tries; the lock holds without it. */
        private static void writeHolder(FileChannel channel) {
            try {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(
                        ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            } catch (IOException e) {
                // A full disk: the lock is what counts, not the note.
            }
        }

        private static String holderOf(FileChannel channel) {
            try {
                ByteBuffer bytes = ByteBuffer.allocate(64);
                channel.read(bytes, 0);
                String text = new String(bytes.array(), 0, bytes.position(), StandardCharsets.US_ASCII).strip();
                return text.matches("pid [0-9]+") ? " (" + text + ")" : "";
            } catch (IOException e) {
                return "";
            }
        }

        private static TaskStoreException inUse(Path directory, String why) {
            return new TaskStoreException("the data directory " + directory + " is in use: " + why + " (R38). "
                    + "Only one task host may use a SQLite data directory at a time; stop the other one, or give "
                    + "this one another directory");
        }

        void release() throws IOException {
            try {
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    LOCKED_HERE.remove(key);
                }
            }
        }
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

    /** Keeps the beat in memory: the host that beats is the process that holds the store (R38). */
    @Override
    public void beat(HostBeat beat) {
        requireWritable("record a host's heartbeat");
        hosts.beat(beat);
    }

    @Override
    public void forgetHost(String hostId) {
        requireWritable("remove a host's heartbeat");
        hosts.forget(hostId);
    }

    /** The host of this process, if it beats; none for a store opened read-only beside a host elsewhere. */
    @Override
    public List<LiveHost> liveHosts() {
        requireOpen();
        return hosts.live();
    }

    private void requireWritable(String operation) {
        requireOpen();
        if (settings.readOnly()) {
            throw new TaskStoreException("the SQLite store in " + settings.dataDirectory() + " was opened read-only: "
                    + operation + " refused");
        }
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
        maintenance.ifPresent(executor -> {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        TaskStoreException failure = null;
        try {
            closeOwners(toClose);
        } catch (TaskStoreException e) {
            failure = e;
        }
        // Released last: until every database is closed, a second host must not open them.
        if (directoryLock.isPresent()) {
            try {
                directoryLock.get().release();
            } catch (IOException e) {
                TaskStoreException released = new TaskStoreException("cannot release the lock on the data "
                        + "directory " + settings.dataDirectory() + ": " + e, e);
                if (failure == null) {
                    failure = released;
                } else {
                    failure.addSuppressed(released);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeOwners(List<SqliteOwnerStore> toClose) {
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
