package dev.taskhost.store.sqlite.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Transaction control ({@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}) straight on the connection,
 * each statement prepared once in the connection's {@link CachedStatements}: they run around every
 * write, and going through Jdbi for them costs more than SQLite's own work. Used under the
 * database's lock only.
 *
 * <p>After a failure, {@link #endAnyTransaction} leaves the connection outside any transaction,
 * whatever state the failure left it in (R31): SQLite rolls some failed transactions back by
 * itself (a full disk, an I/O error), leaves others open, and the driver finalizes the statement
 * that failed, so neither a cached {@code ROLLBACK} nor one that expects a transaction can be
 * trusted then.
 */
final class TransactionControl {
    private final Connection connection;
    private final CachedStatements statements;

    TransactionControl(Connection connection, CachedStatements statements) {
        this.connection = connection;
        this.statements = statements;
    }

    /** Takes the write lock first, so that a transaction never fails half-way on another writer. */
    void beginImmediate() throws SQLException {
        statements.prepare(connection, "BEGIN IMMEDIATE").execute();
    }

    void commit() throws SQLException {
        statements.prepare(connection, "COMMIT").execute();
    }

    /**
     * Ends whatever transaction the connection is in, rolling it back, and does nothing to a
     * connection in none. It runs on a statement of its own, never a cached one: {@code SAVEPOINT}
     * opens a transaction when there is none and nests in the open one otherwise, so the
     * {@code ROLLBACK} after it always has a transaction to end, and never fails with "no
     * transaction is active" (which would finalize it, or hide a transaction left open).
     *
     * @throws SQLException if SQLite cannot roll back: the connection is then not to be trusted
     */
    void endAnyTransaction() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SAVEPOINT taskhost_recover");
            statement.execute("ROLLBACK");
        }
    }
}
