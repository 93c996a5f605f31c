package dev.taskhost.store.postgres.internal;

import dev.taskhost.api.TaskStoreException;
import java.util.function.Supplier;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The store's way into the database: every call goes through {@link #call} or {@link #transaction},
 * which turn a driver or pool failure into one {@link TaskStoreException} naming the store and the
 * operation (R23), and refuse calls once the store is closed or to write when it is read-only.
 */
final class Database {
    private final Jdbi jdbi;
    private final String where;
    private final boolean readOnly;
    private volatile boolean closed;

    Database(Jdbi jdbi, String where, boolean readOnly) {
        this.jdbi = jdbi;
        this.where = where;
        this.readOnly = readOnly;
    }

    String where() {
        return where;
    }

    void close() {
        closed = true;
    }

    /** Runs one statement (or several, each committed on its own) to read. */
    <T> T read(String operation, HandleCallback<T, RuntimeException> callback) {
        return run(operation, () -> jdbi.withHandle(callback));
    }

    /**
     * Runs statements that write, each committed on its own (auto-commit): for a write that is one
     * statement, this saves the round trip of a separate commit.
     */
    <T> T write(String operation, HandleCallback<T, RuntimeException> callback) {
        if (readOnly) {
            throw new TaskStoreException(where + ": " + operation + " refused: the store was opened read-only");
        }
        return run(operation, () -> jdbi.withHandle(callback));
    }

    /** Runs statements in one transaction that writes. */
    <T> T transaction(String operation, HandleCallback<T, RuntimeException> callback) {
        if (readOnly) {
            throw new TaskStoreException(where + ": " + operation + " refused: the store was opened read-only");
        }
        return run(operation, () -> jdbi.inTransaction(callback));
    }

    private <T> T run(String operation, Supplier<T> body) {
        if (closed) {
            throw new TaskStoreException(where + ": " + operation + " refused: the store is closed");
        }
        try {
            return body.get();
        } catch (JdbiException e) {
            throw failure(operation, e);
        }
    }

    TaskStoreException failure(String operation, Throwable e) {
        return new TaskStoreException(where + ": " + operation + " failed: " + rootMessage(e), e);
    }

    /** The innermost message, which says what the server or the driver saw. */
    static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getName() : message.lines().findFirst().orElse(message);
    }
}
