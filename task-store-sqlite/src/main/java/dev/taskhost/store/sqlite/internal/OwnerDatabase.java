package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
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
 * operation (R23). Thread-safe.
 */
final class OwnerDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerDatabase.class);
    /** The most writes one group commit carries, so that no caller waits behind an unbounded group. */
    private static final int MAX_GROUP = 256;

    /** Work on the open connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Handle handle) throws SQLException;
    }

    private final String where;
    private final Connection connection;
    private final Handle handle;
    private final TransactionControl transactions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<PendingWrite<?>> waitingWrites = new ConcurrentLinkedQueue<>();
    private final Object unlocked = new Object();
    private boolean closed; // guarded by lock

    private OwnerDatabase(String where, Connection connection) {
        this.where = where;
        this.connection = connection;
        this.handle = Jdbi.open(connection);
        this.transactions = new TransactionControl(connection);
        handle.setStatementBuilder(new CachedStatements());
    }

    /**
     * Opens the owner's database, creating its folder and file when absent and migrating its schema.
     * A file that is not a database of this store, or has a newer schema, is refused before SQLite
     * writes to it (R23).
     *
     * @throws TaskStoreException if the database cannot be opened or is refused
     */
    static OwnerDatabase open(String ownerId, StoreSettings settings) {
        Path file = settings.databaseFile(ownerId);
        String where = "the task database of owner '" + ownerId + "' (" + file + ")";
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new TaskStoreException(where + ": cannot create its folder: " + e, e);
        }
        DatabaseFileHeader.read(file, where)
                .ifPresent(header -> Schema.requireKnown(header.userVersion(), header.applicationId(), where));
        Connection connection = connect(file, settings, where);
        OwnerDatabase database;
        try {
            database = new OwnerDatabase(where, connection);
        } catch (JdbiException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw new TaskStoreException(where + ": cannot open it: " + e.getMessage(), e);
        }
        try {
            database.prepare(settings);
            return database;
        } catch (RuntimeException | Error e) {
            database.closeQuietly(e);
            throw e;
        }
    }

    private static Connection connect(Path file, StoreSettings settings, String where) {
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
        try {
            return config.createConnection("jdbc:sqlite:" + path);
        } catch (SQLException e) {
            throw new TaskStoreException(where + ": cannot open it: " + e.getMessage(), e);
        }
    }

    private void prepare(StoreSettings settings) {
        call("check the schema", handle -> {
            Schema.requireKnown(handle, where);
            return null;
        });
        String journalMode = call("switch to write-ahead logging",
                handle -> handle.createQuery("PRAGMA journal_mode = WAL").mapTo(String.class).one());
        if (!"wal".equalsIgnoreCase(journalMode)) {
            LOG.warn("{} stays in journal mode {}: SQLite could not switch it to write-ahead logging; "
                    + "readers will wait for writers", where, journalMode);
        }
        call("set synchronous", handle -> handle.execute(
                "PRAGMA synchronous = " + settings.durability().name().toUpperCase(Locale.ROOT)));
        int from = inTransaction("migrate the schema", handle -> Schema.migrate(handle, where));
        if (from == 0) {
            LOG.debug("{}: created with schema version {}", where, Schema.VERSION);
        } else if (from < Schema.VERSION) {
            LOG.info("{}: schema migrated from version {} to {}", where, from, Schema.VERSION);
        }
    }

    /** The database, as error messages name it. */
    String where() {
        return where;
    }

    /**
     * Runs {@code work} on the connection, alone.
     *
     * @param operation what the work does, for the error message
     * @throws TaskStoreException if SQLite fails
     * @throws IllegalStateException if the database was closed
     */
    <T> T call(String operation, Work<T> work) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException(where + " is closed");
            }
            return work.run(handle);
        } catch (SQLException | JdbiException e) {
            throw failure(operation, e);
        } finally {
            unlock();
        }
    }

    /**
     * Runs {@code work} in one write transaction, committed when it returns and rolled back when it
     * throws. {@code BEGIN IMMEDIATE} takes the write lock first, so a transaction that reads and
     * then writes never fails half-way because another connection wrote in between.
     *
     * @throws TaskStoreException if SQLite fails
     * @throws IllegalStateException if the database was closed
     */
    <T> T inTransaction(String operation, Work<T> work) {
        return call(operation, handle -> {
            // The JDBC connection stays in auto-commit mode: the driver's own transactions would
            // open the next one right after each commit and so hold the write lock in between.
            transactions.beginImmediate();
            T result;
            try {
                result = work.run(handle);
                transactions.commit();
            } catch (RuntimeException | SQLException | Error e) {
                rollback(e);
                throw e;
            }
            return result;
        });
    }

    /**
     * Runs {@code work} in a write transaction that it may share with writes of other threads
     * (group commit): whoever holds the connection runs every write waiting for it in one
     * transaction. If one of them fails, the group is rolled back and each write runs again alone,
     * so that only the faulty one fails. Every caller returns once the transaction that carried its
     * write has committed, so each write is as durable as if it had been alone (R9); concurrent
     * writers share the cost of the commit.
     *
     * @throws TaskStoreException if SQLite fails
     * @throws IllegalStateException if the database was closed
     */
    <T> T write(String operation, Work<T> work) {
        return write(new PendingWrite<>(operation, work, false));
    }

    /**
     * As {@link #write}, for work that is one statement: alone, it runs in SQLite's own implicit
     * transaction, which saves the explicit {@code BEGIN} and {@code COMMIT} steps.
     */
    <T> T writeStatement(String operation, Work<T> work) {
        return write(new PendingWrite<>(operation, work, true));
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
        try {
            if (group.size() == 1 && group.get(0).isSingleStatement()) {
                PendingWrite<?> alone = group.get(0);
                alone.end(failureOf(alone, alone.run(handle)));
            } else if (!runInOneTransaction(group)) {
                // One write failed, and the group was rolled back: each runs again alone, so that
                // only the faulty one fails.
                for (PendingWrite<?> write : group) {
                    runInOneTransaction(List.of(write));
                }
            }
        } catch (RuntimeException | SQLException | Error e) {
            rollback(e);
            RuntimeException groupFailure = e instanceof Error ? new IllegalStateException(where + ": a write failed", e)
                    : failure("commit", (Exception) e);
            // Every write of the group ends, even on an Error: its caller waits for nothing else.
            group.stream().filter(write -> !write.isDone()).forEach(write -> write.end(groupFailure));
            if (e instanceof Error error) {
                throw error;
            }
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
        transactions.beginImmediate();
        for (PendingWrite<?> write : writes) {
            Exception thrown = write.run(handle);
            if (thrown != null) {
                transactions.rollback();
                if (writes.size() > 1) {
                    return false;
                }
                write.end(failureOf(write, thrown));
                return true;
            }
        }
        transactions.commit();
        writes.forEach(write -> write.end(null));
        return true;
    }

    /** A write's own failure as its caller sees it: argument and state errors as they are, SQL ones wrapped. */
    private RuntimeException failureOf(PendingWrite<?> write, Exception thrown) {
        if (thrown == null) {
            return null;
        }
        if (thrown instanceof SQLException || thrown instanceof JdbiException) {
            return failure(write.operation(), thrown);
        }
        return thrown instanceof RuntimeException runtime ? runtime
                : new IllegalStateException(where + ": " + write.operation() + " failed", thrown);
    }

    private void rollback(Throwable failure) {
        try {
            transactions.rollback();
        } catch (SQLException | RuntimeException e) {
            // SQLite may have rolled back already (it does on some errors); the first failure counts.
            failure.addSuppressed(e);
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
            transactions.close();
            handle.close();
            connection.close();
        } catch (SQLException | JdbiException e) {
            throw failure("close", e);
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
