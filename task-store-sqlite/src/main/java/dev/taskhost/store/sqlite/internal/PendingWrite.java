package dev.taskhost.store.sqlite.internal;

import org.jdbi.v3.core.Handle;

/**
 * A write waiting for the group commit that carries it. Its result, or its failure, reaches its
 * caller only once the transaction it ran in has ended, so a caller never learns of a change that is
 * not yet durable (R9). The thread running the group writes the fields, then {@code done}; the
 * caller reads {@code done}, then the fields.
 */
final class PendingWrite<T> {
    private final String operation;
    private final OwnerDatabase.Work<T> work;
    private final boolean singleStatement;
    private T result;
    private Throwable failure;
    private volatile boolean done;

    PendingWrite(String operation, OwnerDatabase.Work<T> work, boolean singleStatement) {
        this.operation = operation;
        this.work = work;
        this.singleStatement = singleStatement;
    }

    /** Whether the work is one statement, atomic on its own. */
    boolean isSingleStatement() {
        return singleStatement;
    }

    String operation() {
        return operation;
    }

    /**
     * Runs the write inside the open transaction.
     *
     * @return what it threw, or null; the caller rolls a failed write's effects back. An
     *     {@link Error} is returned too: it belongs to this write alone, and must not fail the
     *     others of its group (R32)
     */
    Throwable run(Handle handle) {
        try {
            result = work.run(handle);
            return null;
        } catch (Exception | Error e) {
            return e;
        }
    }

    /**
     * The write's transaction ended: with its result, or with this failure (a write's own, or the
     * group's): a {@link RuntimeException} or an {@link Error}.
     */
    void end(Throwable failureOrNull) {
        if (failureOrNull != null) {
            result = null;
            failure = failureOrNull;
        }
        done = true;
    }

    boolean isDone() {
        return done;
    }

    /** The result, or the failure thrown; only once {@link #isDone()}. */
    T result() {
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new IllegalStateException(operation + " failed", failure);
        }
        return result;
    }
}
