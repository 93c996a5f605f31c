package dev.taskhost.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The raw-SQLite counterparts of the store's three hot statements, on the store's table shape:
 * insert a pending task, claim the next ready one (one {@code UPDATE … RETURNING}), finish it (one
 * {@code UPDATE}). In the connection's auto-commit mode each call is its own transaction, which is
 * the cheapest a durable step can be: that is the raw limit. Not thread-safe: one per thread.
 */
final class TaskRows implements AutoCloseable {

    private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();

    private final PreparedStatement insert;
    private final PreparedStatement claim;
    private final PreparedStatement finish;
    private final SplittableRandom random;

    /** A task that {@link #claim} moved to running. */
    record Claimed(String id, int attempt) {
    }

    /**
     * Prepares the statements on {@code connection}; closing this closes them, not the connection.
     *
     * @throws SQLException if SQLite fails
     */
    TaskRows(Connection connection, long seed) throws SQLException {
        this.insert = connection.prepareStatement("""
                INSERT INTO tasks (id, queue, status, payload, message, attempt, created_at, updated_at, ready_at)
                VALUES (?, ?, 'PENDING', ?, '', 0, ?, ?, ?)""");
        // The store's claim with a LIMIT of 1: the oldest ready task, ties in enqueue order (R11).
        this.claim = connection.prepareStatement("""
                UPDATE tasks SET status = 'RUNNING', attempt = attempt + 1, updated_at = ?
                 WHERE seq = (SELECT seq FROM tasks
                               WHERE queue = ? AND status = 'PENDING' AND ready_at <= ?
                               ORDER BY ready_at, seq
                               LIMIT 1)
                RETURNING id, payload, attempt""");
        this.finish = connection.prepareStatement("""
                UPDATE tasks SET status = 'COMPLETED', message = '', updated_at = ?, finished_at = ?
                 WHERE id = ? AND status = 'RUNNING' AND attempt = ?""");
        this.random = new SplittableRandom(seed);
    }

    /** Inserts one pending task, ready at {@code at} (epoch millis); a transaction of its own. */
    void insert(String queue, byte[] payload, long at) throws SQLException {
        bindInsert(queue, payload, at);
        insert.executeUpdate();
    }

    /** Adds one pending task to the batch that {@link #flushInserts} writes. */
    void addInsert(String queue, byte[] payload, long at) throws SQLException {
        bindInsert(queue, payload, at);
        insert.addBatch();
    }

    /** Writes the batched inserts. */
    void flushInserts() throws SQLException {
        insert.executeBatch();
    }

    /** Claims the queue's next ready task, if it has one; a transaction of its own. */
    Optional<Claimed> claim(String queue, long now) throws SQLException {
        claim.setLong(1, now);
        claim.setString(2, queue);
        claim.setLong(3, now);
        try (ResultSet row = claim.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            row.getBytes("payload"); // read as the store reads it
            return Optional.of(new Claimed(row.getString("id"), row.getInt("attempt")));
        }
    }

    /**
     * Marks a claimed task completed; a transaction of its own.
     *
     * @throws SQLException if SQLite fails, or the task was not running at that attempt
     */
    void finish(Claimed task, long now) throws SQLException {
        finish.setLong(1, now);
        finish.setLong(2, now);
        finish.setString(3, task.id());
        finish.setInt(4, task.attempt());
        if (finish.executeUpdate() != 1) {
            throw new SQLException("task " + task.id() + " was not running at attempt " + task.attempt());
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException failure = null;
        for (PreparedStatement statement : List.of(insert, claim, finish)) {
            try {
                statement.close();
            } catch (SQLException e) {
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

    private void bindInsert(String queue, byte[] payload, long at) throws SQLException {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        insert.setString(1, IDS.encodeToString(bits)); // the shape of the host's ids: 128 bits, base64url
        insert.setString(2, queue);
        insert.setBytes(3, payload);
        insert.setLong(4, at);
        insert.setLong(5, at);
        insert.setLong(6, at);
    }
}
