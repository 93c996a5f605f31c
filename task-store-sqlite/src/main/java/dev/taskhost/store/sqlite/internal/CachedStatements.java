package dev.taskhost.store.sqlite.internal;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps each prepared statement of the one connection for reuse, Jdbi's and the plain JDBC ones
 * alike: SQLite compiles a statement when it is prepared, which costs as much as running a small
 * one. The store's statements are a small fixed set; a statement past {@link #MAX_CACHED} distinct
 * texts is prepared and closed as usual. Used by one thread at a time (the database's lock), so not
 * synchronized.
 *
 * <p>After any failure on the connection the database calls {@link #discardAll()}: the driver
 * finalizes a statement whose step fails with anything but BUSY, LOCKED, CONSTRAINT or MISUSE, and
 * a finalized statement kept here would fail every later use with "statement is not executing"
 * (R31). Discarding them all is cheap, failures are rare, and nothing has to know which one failed.
 */
final class CachedStatements implements StatementBuilder {
    private static final int MAX_CACHED = 64;

    private final Map<String, PreparedStatement> bySql = new HashMap<>();
    // Jdbi closes a statement by its SQL before translation, so cached ones are known by identity.
    private final Set<Statement> reusable = Collections.newSetFromMap(new IdentityHashMap<>());

    /**
     * The cached statement of the handle's connection for {@code sql}, prepared on first use, for
     * statements run in plain JDBC. The caller binds every parameter before each use.
     */
    static PreparedStatement prepared(Handle handle, String sql) throws SQLException {
        return ((CachedStatements) handle.getStatementBuilder()).prepare(handle.getConnection(), sql);
    }

    /** The cached statement for {@code sql}, prepared on first use. */
    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement cached = bySql.get(sql);
        if (cached != null) {
            return cached;
        }
        PreparedStatement prepared = connection.prepareStatement(sql);
        if (bySql.size() < MAX_CACHED) {
            bySql.put(sql, prepared);
            reusable.add(prepared);
        }
        return prepared;
    }

    @Override
    public PreparedStatement create(Connection connection, String sql, StatementContext context) throws SQLException {
        return prepare(connection, sql);
    }

    @Override
    public Statement create(Connection connection, StatementContext context) throws SQLException {
        return connection.createStatement();
    }

    @Override
    public CallableStatement createCall(Connection connection, String sql, StatementContext context)
            throws SQLException {
        return connection.prepareCall(sql);
    }

    /** A cached statement is only reset for its next use; any other is closed. */
    @Override
    public void close(Connection connection, String sql, Statement statement) throws SQLException {
        if (reusable.contains(statement)) {
            try {
                ((PreparedStatement) statement).clearParameters();
            } catch (SQLException finalized) {
                // The driver finalized it when it failed: it is no use to the next caller.
                bySql.values().remove(statement);
                reusable.remove(statement);
                closeQuietly(statement);
            }
        } else {
            statement.close();
        }
    }

    @Override
    public void close(Connection connection) {
        discardAll();
    }

    /** Closes every cached statement; the next use of each prepares it again. */
    void discardAll() {
        reusable.forEach(CachedStatements::closeQuietly);
        reusable.clear();
        bySql.clear();
    }

    private static void closeQuietly(Statement statement) {
        try {
            statement.close();
        } catch (SQLException e) {
            // A statement the driver already finalized; nothing is left to release.
        }
    }
}
