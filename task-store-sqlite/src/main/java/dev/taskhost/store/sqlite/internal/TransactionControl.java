package dev.taskhost.store.sqlite.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Transaction control ({@code BEGIN}, {@code COMMIT}, {@code ROLLBACK}) straight on the connection, each
 * statement prepared once: they run around every write, and going through Jdbi for them costs more
 * than SQLite's own work. Used under the database's lock only.
 */
final class TransactionControl implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    TransactionControl(Connection connection) {
        this.connection = connection;
    }

    /** Takes the write lock first, so that a transaction never fails half-way on another writer. */
    void beginImmediate() throws SQLException {
        run("BEGIN IMMEDIATE");
    }

    void commit() throws SQLException {
        run("COMMIT");
    }

    void rollback() throws SQLException {
        run("ROLLBACK");
    }

    private void run(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        statement.execute();
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement statement : prepared.values()) {
            statement.close();
        }
        prepared.clear();
    }
}
