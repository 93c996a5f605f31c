package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskStoreException;
import dev.taskhost.store.sqlite.Durability;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * One owner's database file and the one connection this store keeps to it.
 *
 * <p>All work on the connection runs under a lock: SQLite lets one writer in at a time anyway, and
 * one long-lived connection keeps the page cache warm and saves opening the file per call. Every
 * failure of SQLite leaves here as a {@link TaskStoreException} naming the owner, the file and the
 * operation (R23).
 *
 * <p>A failure leaves nothing broken behind (R31): after any work that threw, every cached
 * statement is discarded and the connection is taken out of whatever transaction the failure left
 * it in; if even that fails, the connection is closed and the next call opens a new one. So once the
 * cause is gone (the disk has room again, the other writer let go), the same database works again,
 * and a call that threw changed nothing (R32). Thread-safe.
 *
 * <p>Checkpoints stay out of the writer's commits: the connection has SQLite's automatic
 * checkpoint off, and {@link #checkpoint()}, called by the store's maintenance thread, copies the
 * write-ahead log into the database file from a second connection of its own, which never holds the
 * write lock, so that writes go on meanwhile. Writes that keep coming during every checkpoint keep the
 * log from starting over; once it holds {@link #LOG_BOUND_FRAMES} frames, the checkpoint empties it on
 * the writer's connection, between two writes, and the writer cuts the log file back to
 * {@link #LOG_FILE_LIMIT_BYTES} when it starts the log over. The checkpoints' descriptors on the
 * database file and its wal-index stay open as long as a connection is, and close with the
 * connections: closing one would drop SQLite's locks, by which other processes see the database in use.
 */
final class OwnerDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerDatabase.class);
    /** The most writes one group commit carries, so that no caller waits behind an unbounded group. */
    private static final int MAX_GROUP = 256;
    /**
     * The frames (pages written) the write-ahead log may hold before a checkpoint holds writes back
     * to empty it: 8,192, about 32 MiB with SQLite's default page size of 4 KiB.
     */
    static final int LOG_BOUND_FRAMES = 8192;
    /**
     * The frames not yet copied that make a checkpoint worth its two syncs: below it, the
     * maintenance thread leaves the log to grow, so that a page written again and again is copied
     * once, and many databases in use cost one look each per turn, not one checkpoint each.
     */
    static final int CHECKPOINT_FRAMES = 1024;
    /**
     * The frames left for the emptying of the log to copy, which holds every write back: before it,
     * what came during the checkpoint is copied and synced off the writer's connection, at most
     * {@link #CATCH_UP_ROUNDS} times, until no more than this many are left, or until a round leaves
     * more than half of what the one before it left (writes then come as fast as rounds copy them,
     * and more rounds would only let the log grow). A log already past {@link #LOG_FILE_LIMIT_FRAMES}
     * is emptied at once: bounding it comes first.
     */
    static final int EMPTYING_FRAMES = 64;
    private static final int CATCH_UP_ROUNDS = 3;
    /**
     * The size the log file is cut back to when it starts over ({@code journal_size_limit}): one
     * that grew past the bound during a burst does not keep that size until the database closes.
     * Twice the bound, so that a log emptied at the bound, with what came during its checkpoint, is
     * not cut at every start-over: the cut runs inside the next write and took milliseconds.
     */
    static final int LOG_FILE_LIMIT_FRAMES = 2 * LOG_BOUND_FRAMES;
    static final long LOG_FILE_LIMIT_BYTES = LOG_FILE_LIMIT_FRAMES * (4096L + 24);

    /** Work on the open connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Handle handle) throws SQLException;
    }

    /** One connection with what is built on it; replaced as a whole when it cannot be trusted. */
    private static final class Session {
        final Connection connection;
        final Handle handle;
        final CachedStatements statements = new CachedStatements();
        final TransactionControl transactions;

        Session(Connection connection) {
            this.connection = connection;
            this.handle = Daos.open(connection);
            handle.setStatementBuilder(statements);
            this.transactions = new TransactionControl(connection, statements);
        }

        void close() throws SQLException {
            try {
                handle.close(); // closes the cached statements too
            } finally {
                connection.close();
            }
        }
    }

    private final String where;
    private final Path file;
    private final StoreSettings settings;
    private final boolean readOnly;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<PendingWrite<?>> waitingWrites = new ConcurrentLinkedQueue<>();
    private final Object unlocked = new Object();
    private Session session; // guarded by lock; null after a failure it could not recover from
    private boolean closed; // guarded by lock
    private boolean closedIdle; // guarded by lock: the session was closed for idleness, not a failure
    private volatile long lastUsed = System.nanoTime();
    private volatile boolean sessionOpen; // mirrors session != null, for the checkpoint to read without the lock
    private final Object checkpointing = new Object();
    private Connection checkpointConnection; // guarded by checkpointing
    private FileChannel databaseFile; // guarded by checkpointing: for syncDatabaseFile()
    private final WalIndex walIndex; // guarded by checkpointing
    // Guarded by checkpointing: lastUsed when the log was last looked at. Unused since, the log cannot
    // have grown, so the next turn neither reads its wal-index nor checkpoints it.
    private long lookedAtUse;
    private long checkpoints; // guarded by checkpointing
    private long logEmptyings; // guarded by checkpointing
    private int largestLog; // guarded by checkpointing: the most frames a checkpoint found in the log

    private OwnerDatabase(String where, Path file, StoreSettings settings, Session session) {
        this.where = where;
        this.file = file;
        this.settings = settings;
        this.readOnly = settings.readOnly();
        this.session = session;
        this.sessionOpen = session != null;
        this.walIndex = new WalIndex(file);
    }

    /**
     * Opens the owner's database, creating its folder and file when absent and migrating its schema.
     * A file that is not a database of this store, or has a newer schema, is refused before SQLite
     * writes to it (R23). With {@link StoreSettings#readOnly()}, it creates nothing, migrates
     * nothing and leaves no file behind: a database that is absent, or of an older schema, is
     * refused.
     *
     * @throws TaskStoreException if the database cannot be opened or is refused
     */
    static OwnerDatabase open(String ownerId, StoreSettings settings) {
        Path file = settings.databaseFile(ownerId);
        String where = "the task database of owner '" + ownerId + "' (" + file + ")";
        if (settings.readOnly()) {
            if (!Files.isRegularFile(file)) {
                throw new TaskStoreException(where + " does not exist");
            }
        } else {
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new TaskStoreException(where + ": cannot create its folder: " + e, e);
            }
        }
        DatabaseFileHeader.read(file, where)
                .ifPresent(header -> Schema.requireKnown(header.userVersion(), header.applicationId(), where));
        OwnerDatabase database = new OwnerDatabase(where, file, settings, connect(file, settings, where));
        try {
            database.prepare();
            return database;
        } catch (RuntimeException | Error e) {
            database.closeQuietly(e);
            throw e;
        }
    }

    private static Session connect(Path file, StoreSettings settings, String where) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(settings.busyTimeoutMillis());
        config.enforceForeignKeys(true);
        // Else the driver runs a query for last_insert_rowid() after every insert; nothing reads it.
        config.setGetGeneratedKeys(false);
        // Journal mode and synchronous are set in prepare(): only once the file is known to be ours.
        String path = file.toAbsolutePath().toString();
        if (path.indexOf('?') >= 0) {
            // The driver reads whatever follows a '?' as settings, and would open another file.
            throw new TaskStoreException(where + ": the SQLite driver cannot open a path that contains '?'");
        }
        String url = "jdbc:sqlite:" + path;
        if (settings.readOnly()) {
            config.setReadOnly(true);
            url = readOnlyUrl(file);
        }
        Connection connection;
        try {
            connection = config.createConnection(url);
        } catch (SQLException e) {
            throw new TaskStoreException(where + ": cannot open it: " + e.getMessage(), e);
        }
        try {
            return new Session(connection);
        } catch (RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new TaskStoreException(where + ": cannot open it: " + e.getMessage(), e);
        }
    }

    /**
     * A read-only URL that makes SQLite create nothing beside the file. With a write-ahead log
     * present (a host has the database open, or died with it open), {@code mode=ro} reads it as
     * any reader does and creates nothing, the log and its index being there already. Without one,
     * a reader in {@code mode=ro} would create both and leave them behind, and cannot open at all
     * where the folder may not be written; the database is then wholly in its file, and
     * {@code immutable=1} reads that file alone. (A host that starts writing while such a reader
     * reads may show it a torn view; it never changes what the host writes.)
     */
    private static String readOnlyUrl(Path file) {
        Path log = file.resolveSibling(file.getFileName() + "-wal");
        String mode = Files.exists(log) ? "mode=ro" : "immutable=1";
        String path = file.toAbsolutePath().toString().replace("%", "%25").replace("#", "%23");
        return "jdbc:sqlite:file:" + path + "?" + mode;
    }

    private void prepare() {
        call("check the schema", handle -> {
            Schema.requireKnown(handle, where);
            return null;
        });
        if (readOnly) {
            int version = call("read the schema version", handle -> handle.attach(MigrationDao.class).userVersion());
            if (version != Schema.VERSION) {
                throw new TaskStoreException(where + " has schema version " + version + ", and this taskhost "
                        + "reads version " + Schema.VERSION + " only; open it read-only after a host has "
                        + "opened it once (which migrates it)");
            }
            return;
        }
        String journalMode = call("switch to write-ahead logging",
                handle -> handle.createQuery("PRAGMA journal_mode = WAL").mapTo(String.class).one());
        if (!"wal".equalsIgnoreCase(journalMode)) {
            LOG.warn("{} stays in journal mode {}: SQLite could not switch it to write-ahead logging; "
                    + "readers will wait for writers", where, journalMode);
        }
        setSynchronous();
        disableAutomaticCheckpoints();
        int from = inTransaction("migrate the schema", handle -> Schema.migrate(handle, where));
        if (from == 0) {
            LOG.debug("{}: created with schema version {}", where, Schema.VERSION);
        } else if (from < Schema.VERSION) {
            LOG.info("{}: schema migrated from version {} to {}", where, from, Schema.VERSION);
        }
    }

    /** {@code synchronous} belongs to the connection, so each new one sets it. */
    private void setSynchronous() {
        call("set synchronous", handle -> handle.execute(
                "PRAGMA synchronous = " + settings.durability().name().toUpperCase(Locale.ROOT)));
    }

    /** The checkpoints run from {@link #checkpoint()}, never inside a commit; a setting of the connection. */
    private void disableAutomaticCheckpoints() {
        call("turn off automatic checkpoints", handle -> handle.createQuery("PRAGMA wal_autocheckpoint = 0")
                .mapTo(Integer.class).one());
        // The connection that starts the log over is the one that cuts its file back: the writer's.
        call("limit the log file", handle -> handle.createQuery("PRAGMA journal_size_limit = " + LOG_FILE_LIMIT_BYTES)
                .mapTo(Long.class).one());
    }

    /** The database, as error messages name it. */
    String where() {
        return where;
    }

    /**
     * Runs {@code work} on the connection, alone. If it throws, the connection is recovered before
     * this returns (see the class comment), so that the next call finds it usable.
     *
     * @param operation what the work does, for the error message
     * @throws TaskStoreException if SQLite fails
     * @throws IllegalStateException if the database was closed
     */
    <T> T call(String operation, Work<T> work) {
        lock.lock();
        lastUsed = System.nanoTime();
        try {
            if (closed) {
                throw new IllegalStateException(where + " is closed");
            }
            Session current = session(operation);
            try {
                return work.run(current.handle);
            } catch (SQLException | JdbiException e) {
                recover(e);
                throw failure(operation, e);
            } catch (RuntimeException | Error e) {
                recover(e);
                throw e;
            }
        } finally {
            unlock();
        }
    }

    /**
     * Runs {@code work} in one write transaction, committed when it returns and rolled back when it
     * throws. {@code BEGIN IMMEDIATE} takes the write lock first, so a transaction that reads and
     * then writes never fails half-way because another connection wrote in between.
     *
     * @throws TaskStoreException if SQLite fails, or the database was opened read-only
     * @throws IllegalStateException if the database was closed
     */
    <T> T inTransaction(String operation, Work<T> work) {
        requireWritable(operation);
        // The JDBC connection stays in auto-commit mode: the driver's own transactions would open
        // the next one right after each commit and so hold the write lock in between. A failure
        // anywhere in here is rolled back by call()'s recovery, whatever state it left.
        return call(operation, handle -> {
            TransactionControl transactions = session.transactions;
            transactions.beginImmediate();
            T result = work.run(handle);
            transactions.commit();
            return result;
        });
    }

    /**
     * Runs {@code work} in a write transaction that it may share with writes of other threads
     * (group commit): whoever holds the connection runs every write waiting for it in one
     * transaction. If one of them fails (with any exception or {@link Error}), the group is rolled
     * back and each write runs again alone, so that only the faulty one fails (R32). Every caller
     * returns once the transaction that carried its write has committed, so each write is as
     * durable as if it had been alone (R9); concurrent writers share the cost of the commit.
     *
     * @throws TaskStoreException if SQLite fails, or the database was opened read-only
     * @throws IllegalStateException if the database was closed
     */
    <T> T write(String operation, Work<T> work) {
        requireWritable(operation);
        return write(new PendingWrite<>(operation, work, false));
    }

    /**
     * As {@link #write}, for work that is one statement: alone, it runs in SQLite's own implicit
     * transaction, which saves the explicit {@code BEGIN} and {@code COMMIT} steps.
     */
    <T> T writeStatement(String operation, Work<T> work) {
        requireWritable(operation);
        return write(new PendingWrite<>(operation, work, true));
    }

    private void requireWritable(String operation) {
        if (readOnly) {
            throw new TaskStoreException(where + " is open read-only: cannot " + operation);
        }
    }

    private <T> T write(PendingWrite<T> mine) {
        waitingWrites.add(mine);
        boolean interrupted = false;
        // Callers whose write another thread carried return without taking the lock: making them
        // queue for it would serialize the writers again and keep the groups at one write.
        while (!mine.isDone()) {
            if (lock.tryLock()) {
                try {
                    if (!mine.isDone()) {
                        runWaitingWrites();
                    }
                } finally {
                    unlock();
                }
            } else {
                interrupted |= awaitUnlockOrDone(mine);
            }
        }
        if (interrupted) {
            // The write was queued and is done; the caller still learns of the interrupt.
            Thread.currentThread().interrupt();
        }
        return mine.result();
    }

    /** @return whether the wait was interrupted */
    private boolean awaitUnlockOrDone(PendingWrite<?> mine) {
        synchronized (unlocked) {
            if (!mine.isDone() && lock.isLocked()) {
                try {
                    unlocked.wait();
                } catch (InterruptedException e) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Releases the connection and wakes the writers waiting for it or for their group. */
    private void unlock() {
        lock.unlock();
        synchronized (unlocked) {
            unlocked.notifyAll();
        }
    }

    /** How many writes wait for the connection; for tests. */
    int waitingWrites() {
        return waitingWrites.size();
    }

    private void runWaitingWrites() {
        List<PendingWrite<?>> group = new ArrayList<>();
        for (PendingWrite<?> next; group.size() < MAX_GROUP && (next = waitingWrites.poll()) != null; ) {
            group.add(next);
        }
        if (closed) {
            group.forEach(write -> write.end(new IllegalStateException(where + " is closed")));
            return;
        }
        lastUsed = System.nanoTime();
        String operation = group.size() == 1 ? group.get(0).operation() : "commit " + group.size() + " writes";
        try {
            Session current = session(operation);
            if (group.size() == 1 && group.get(0).isSingleStatement()) {
                PendingWrite<?> alone = group.get(0);
                Throwable thrown = alone.run(current.handle);
                if (thrown != null) {
                    recover(thrown);
                }
                alone.end(failureOf(alone, thrown));
            } else if (!runInOneTransaction(group)) {
                // One write failed, and the group was rolled back: each runs again alone, so that
                // only the faulty one fails.
                for (PendingWrite<?> write : group) {
                    runInOneTransaction(List.of(write));
                }
            }
        } catch (SQLException | RuntimeException | Error e) {
            // BEGIN or COMMIT failed (or the connection could not be opened): nothing of the
            // unfinished writes was committed, and each caller learns so.
            recover(e);
            Throwable groupFailure = e instanceof SQLException || e instanceof JdbiException
                    ? failure(operation, (Exception) e) : e;
            // Every write of the group ends, even on an Error: its caller waits for nothing else.
            // The Error is not thrown here: this thread's own write may have been carried already.
            group.stream().filter(write -> !write.isDone()).forEach(write -> write.end(groupFailure));
        }
    }

    /**
     * Runs the writes in one transaction and ends them once it committed. Writes rarely fail, so no
     * savepoint is paid for on the way: a failure rolls the whole transaction back.
     *
     * @return false if a write of a group of several failed and nothing was done; a lone write that
     *     fails is ended with its failure
     */
    private boolean runInOneTransaction(List<PendingWrite<?>> writes) throws SQLException {
        Session current = session("write");
        current.transactions.beginImmediate();
        for (PendingWrite<?> write : writes) {
            Throwable thrown = write.run(current.handle);
            if (thrown != null) {
                recover(thrown);
                if (writes.size() > 1) {
                    return false;
                }
                write.end(failureOf(write, thrown));
                return true;
            }
        }
        current.transactions.commit();
        writes.forEach(write -> write.end(null));
        return true;
    }

    /** A write's own failure as its caller sees it: argument, state errors and Errors as they are, SQL ones wrapped. */
    private Throwable failureOf(PendingWrite<?> write, Throwable thrown) {
        if (thrown == null) {
            return null;
        }
        if (thrown instanceof SQLException || thrown instanceof JdbiException) {
            return failure(write.operation(), (Exception) thrown);
        }
        return thrown instanceof RuntimeException || thrown instanceof Error ? thrown
                : new IllegalStateException(where + ": " + write.operation() + " failed", thrown);
    }

    /**
     * The open session, or a new one if the last failure closed it.
     *
     * @throws TaskStoreException if the database cannot be opened again
     */
    private Session session(String operation) {
        if (session == null) {
            Session reopened;
            try {
                reopened = connect(file, settings, where);
            } catch (TaskStoreException e) {
                throw new TaskStoreException(where + ": " + operation + " failed: " + e.getMessage(), e);
            }
            session = reopened;
            sessionOpen = true;
            if (!readOnly) {
                setSynchronous();
                disableAutomaticCheckpoints();
            }
            if (closedIdle) {
                LOG.debug("{}: opened again after it was closed for idleness", where);
            } else {
                LOG.info("{}: opened a new connection after the last one failed", where);
            }
            closedIdle = false;
        }
        return session;
    }

    /**
     * Leaves the connection usable after {@code failure} (R31): discards every cached statement
     * (the driver may have finalized one) and ends any transaction the failure left open, or
     * closes the connection if even that fails, for the next call to open a new one. Only the
     * outermost work on the connection recovers: a nested one would end the transaction of the
     * work around it, which would then go on outside any transaction.
     */
    private void recover(Throwable failure) {
        if (lock.getHoldCount() > 1 || session == null) {
            return;
        }
        Session current = session;
        current.statements.discardAll();
        try {
            current.transactions.endAnyTransaction();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            session = null;
            sessionOpen = false;
            try {
                closeConnections(current);
            } catch (SQLException | RuntimeException closing) {
                failure.addSuppressed(closing);
            }
            LOG.warn("{}: closed its connection, which could not roll back after a failure ({}); the next "
                    + "call opens a new one", where, e.getMessage());
        }
    }

    /** The failure, with the driver's SQLException as its cause when there is one (Jdbi wraps it). */
    private TaskStoreException failure(String operation, Exception e) {
        Throwable cause = e;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException) {
                cause = t;
                break;
            }
        }
        return new TaskStoreException(where + ": " + operation + " failed: " + cause.getMessage(), cause);
    }

    /**
     * Closes the connection; further calls fail. Idempotent.
     *
     * @throws TaskStoreException if SQLite fails to close it
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            Session open = session;
            session = null;
            sessionOpen = false;
            closeConnections(open);
        } catch (SQLException | JdbiException e) {
            throw failure("close", e);
        } finally {
            unlock();
        }
    }

    /**
     * Closes the checkpoint's connection, then the writer's ({@code open}, if any), then the
     * descriptors kept for checkpoints. The writer's last, so that SQLite, when its last connection
     * closes, empties the log into the file and removes it (with the wal-index); the descriptors after
     * every connection (see {@link #closeFilesKeptForCheckpoints()}), so that none is left on a removed
     * wal-index. Called with the lock held.
     */
    private void closeConnections(Session open) throws SQLException {
        closeCheckpointConnection();
        try {
            if (open != null) {
                open.close();
            }
        } finally {
            closeFilesKeptForCheckpoints();
        }
    }

    /**
     * Closes the connection if nothing used it for {@code idleNanos}, keeping the database usable:
     * the next call opens a new connection. Never waits: a database in use, or with writes waiting,
     * is left as it is. The connection holds no transaction between calls, so closing it loses
     * nothing.
     *
     * @return whether the connection was closed
     */
    boolean closeIfIdle(long idleNanos) {
        if (System.nanoTime() - lastUsed < idleNanos) {
            return false;
        }
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (closed || session == null || !waitingWrites.isEmpty()
                    || System.nanoTime() - lastUsed < idleNanos) {
                return false;
            }
            Session open = session;
            session = null;
            sessionOpen = false;
            closedIdle = true;
            try {
                closeConnections(open); // the next checkpoint opens its connection again if need be
            } catch (SQLException | RuntimeException e) {
                LOG.warn("{}: closing its idle connection failed ({}); the next call opens a new one",
                        where, e.getMessage());
            }
            LOG.debug("{}: closed its connection, unused for {} ms", where, idleNanos / 1_000_000);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Copies the write-ahead log into the database file ({@code PRAGMA wal_checkpoint(PASSIVE)}) on
     * the checkpoint's own connection, if the database was used since its log was last looked at and the
     * log holds {@link #CHECKPOINT_FRAMES} frames not yet copied (or the wal-index cannot be read), and
     * syncs the pages it copied ({@link #syncDatabaseFile()}); writes go on meanwhile. If the log then
     * holds {@link #LOG_BOUND_FRAMES} frames or more, copies what came meanwhile the same way, then
     * empties it ({@code RESTART}: the next write starts it over from its beginning) on the writer's
     * connection, which holds writes back until it is done. Does
     * nothing to a database whose connection is closed (closing it emptied the log). A failure (a full
     * disk) loses nothing: the log keeps every committed change until a later checkpoint copies it.
     * Called by one thread at a time, the store's maintenance thread.
     *
     * @return whether a checkpoint ran
     */
    boolean checkpoint() {
        if (readOnly || !sessionOpen) {
            return false;
        }
        synchronized (checkpointing) {
            long used = lastUsed;
            if (used == lookedAtUse || !sessionOpen) {
                return false; // closed meanwhile: its files are closed, and a look now would open them again
            }
            lookedAtUse = used;
            OptionalInt uncopied = walIndex.uncopiedFrames();
            if (uncopied.isPresent() && uncopied.getAsInt() < CHECKPOINT_FRAMES) {
                return false; // looked at again once the database is used again
            }
            int log;
            try {
                if (checkpointConnection == null) {
                    checkpointConnection = connectForCheckpoints();
                }
                log = checkpointPassive(checkpointConnection);
                syncDatabaseFile();
            } catch (SQLException | IOException | TaskStoreException e) {
                LOG.debug("{}: checkpoint failed; the log keeps every change until the next one", where, e);
                closeCheckpointConnection();
                return false;
            }
            checkpoints++;
            largestLog = Math.max(largestLog, log);
            if (log < LOG_BOUND_FRAMES) {
                return true;
            }
            if (log < LOG_FILE_LIMIT_FRAMES) {
                copyWhatCameMeanwhile(log);
            }
        }
        // Outside the monitor: the emptying takes the writer's lock, under which close() takes the monitor.
        emptyLog();
        return true;
    }

    /**
     * Copies and syncs, still off the writer's connection, the frames written during the checkpoint,
     * so that the emptying of the log, which holds writes back, has {@link #EMPTYING_FRAMES} or fewer
     * left to copy and sync. A failure, an unreadable wal-index or rounds that stop gaining leave the
     * rest to the emptying.
     *
     * @param log the frames in the log at the checkpoint
     */
    private void copyWhatCameMeanwhile(int log) {
        int before = log;
        for (int round = 0; round < CATCH_UP_ROUNDS; round++) {
            OptionalInt uncopied = walIndex.uncopiedFrames();
            if (uncopied.isEmpty() || uncopied.getAsInt() <= EMPTYING_FRAMES || uncopied.getAsInt() > before / 2) {
                return;
            }
            before = uncopied.getAsInt();
            try {
                checkpointPassive(checkpointConnection);
                syncDatabaseFile();
            } catch (SQLException | IOException e) {
                LOG.debug("{}: copying what came during the checkpoint failed; the emptying copies it", where, e);
                return;
            }
        }
    }

    private Connection connectForCheckpoints() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(settings.busyTimeoutMillis());
        // The checkpoint syncs the log and the file as the writer's setting says (R9).
        config.setSynchronous(settings.durability() == Durability.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** @return the frames in the log */
    private static int checkpointPassive(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return result.next() ? result.getInt(2) : 0;
        }
    }

    /**
     * Flushes to disk the pages a checkpoint copied into the database file. SQLite syncs the file only
     * when no write came during a checkpoint, which a PASSIVE one under steady writes seldom sees: the
     * pages it copied then wait, dirty, for the emptying of the log on the writer's connection, whose
     * sync of tens of MiB held every write back for 50 ms and more. Synced here, off the writer's
     * connection, as they are copied, they leave the emptying a few pages to sync. A failed sync
     * changes nothing: the log is kept, and Linux reports a failed write-back to every descriptor
     * that was open on the file, so SQLite's own sync before it empties the log fails too.
     */
    private void syncDatabaseFile() throws IOException {
        if (databaseFile == null) {
            databaseFile = FileChannel.open(file, StandardOpenOption.READ);
        }
        databaseFile.force(false);
    }

    /**
     * Closes the descriptors the checkpoints keep on the database file and on its wal-index. Called
     * with the lock held, after the connections closed, so that no connection opens meanwhile:
     * closing any descriptor of a file drops every POSIX lock the process holds on it, SQLite's own
     * included, which tell other processes that the database is in use.
     */
    private void closeFilesKeptForCheckpoints() {
        synchronized (checkpointing) {
            FileChannel open = databaseFile;
            databaseFile = null;
            try (walIndex; open) {
                // both closed, each even if the other fails
            } catch (IOException e) {
                LOG.debug("{}: closing a descriptor kept for checkpoints failed", where, e);
            }
        }
    }

    /** Empties the log on the writer's connection, between two writes; most of it was copied already. */
    private void emptyLog() {
        try {
            call("empty the write-ahead log", handle -> handle.createQuery("PRAGMA wal_checkpoint(RESTART)")
                    .mapTo(Integer.class).first());
        } catch (TaskStoreException | IllegalStateException e) {
            LOG.debug("{}: emptying the log failed; the next checkpoint tries again", where, e);
            return;
        }
        synchronized (checkpointing) {
            logEmptyings++;
            lookedAtUse = lastUsed; // the emptying's own use of the connection left nothing to copy
        }
    }

    private void closeCheckpointConnection() {
        synchronized (checkpointing) {
            if (checkpointConnection != null) {
                try {
                    checkpointConnection.close();
                } catch (SQLException e) {
                    LOG.debug("{}: closing the checkpoint's connection failed", where, e);
                }
                checkpointConnection = null;
            }
        }
    }

    /**
     * What the checkpoints did so far: checkpoints run, the log emptied on the writer's connection,
     * and the log's largest size in frames.
     */
    record CheckpointFigures(long checkpoints, long logEmptyings, int largestLogFrames) {
    }

    CheckpointFigures checkpointFigures() {
        synchronized (checkpointing) {
            return new CheckpointFigures(checkpoints, logEmptyings, largestLog);
        }
    }

    /** Whether the checkpoint's connection is open now; for tests. */
    boolean checkpointConnected() {
        synchronized (checkpointing) {
            return checkpointConnection != null;
        }
    }

    /** Whether the descriptor kept on the wal-index is open now; for tests. */
    boolean walIndexOpen() {
        synchronized (checkpointing) {
            return walIndex.isOpen();
        }
    }

    /** Whether the connection is open now (false after an idle close, until the next call). */
    boolean connected() {
        lock.lock();
        try {
            return session != null;
        } finally {
            unlock();
        }
    }

    private void closeQuietly(Throwable failure) {
        try {
            close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
