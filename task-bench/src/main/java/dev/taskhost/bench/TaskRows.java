package dev.taskhost.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The raw-SQLite counterparts of the store's three hot statements, on the store's own schema
 * (version 5, {@link RawSchema}): insert a pending task at the default priority, claim the next ready
 * one of that level (one {@code UPDATE … RETURNING}, stamping a lease holder as the store does),
 * finish it (one {@code UPDATE}, clearing the holder). Also writes batches, to seed a backlog into
 * the store's file. Not thread-safe: one per thread.
 */
final class TaskRows implements RawRows {

    private static final String HOLDER = "raw";

    private final PreparedStatement insert;
    private final PreparedStatement claim;
    private final PreparedStatement finish;
    private final SplittableRandom random;

    /**
     * Prepares the statements on {@code connection}; closing this closes them, not the connection.
     *
     * @throws SQLException if SQLite fails
     */
    TaskRows(Connection connection, long seed) throws SQLException {
        // The store's insert: the next seq above every stored one and the floor of deleted ones.
        this.insert = connection.prepareStatement("""
                INSERT INTO tasks (seq, id, queue, status, payload, message, attempt, created_at, updated_at,
                                   ready_at, priority, key)
                VALUES (max((SELECT coalesce(max(seq), 0) FROM tasks), (SELECT seq FROM seq_floor)) + 1,
                        ?, ?, 'PENDING', ?, '', 0, ?, ?, ?, 0, NULL)""");
        // The store's claim on one priority level with a LIMIT of 1: the oldest ready task of the
        // level, ties in enqueue order (R11, R42). Every benchmark task has the default priority.
        this.claim = connection.prepareStatement("""
                UPDATE tasks SET status = 'RUNNING', attempt = attempt + 1, updated_at = ?, lease_holder = ?
                 WHERE seq IN (SELECT seq FROM tasks
                                WHERE queue = ? AND status = 'PENDING' AND priority = 0 AND ready_at <= ?
                                ORDER BY ready_at, seq
                                LIMIT 1)
                RETURNING seq, id, queue, payload, attempt, ready_at""");
        // The store's outcome statement, as it binds a completion: no new ready time, the task by the
        // seq its claim returned (schema version 4 and later).
        this.finish = connection.prepareStatement("""
                UPDATE tasks SET status = 'COMPLETED', message = '', attempt = ?,
                       ready_at = coalesce(?, ready_at), finished_at = ?, updated_at = ?, lease_holder = NULL
                 WHERE seq = ? AND status = 'RUNNING' AND attempt = ?""");
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void insert(String queue, byte[] payload, long at) throws SQLException {
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

    @Override
    public Optional<Claimed> claim(String queue, long now) throws SQLException {
        claim.setLong(1, now);
        claim.setString(2, HOLDER);
        claim.setString(3, queue);
        claim.setLong(4, now);
        try (ResultSet row = claim.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            row.getBytes("payload"); // read as the store reads it
            return Optional.of(new Claimed(row.getString("id"), row.getInt("attempt"), row.getLong("seq")));
        }
    }

    /** {@inheritDoc} Guarded by the attempt, as the store records an outcome. */
    @Override
    public void finish(Claimed task, long now) throws SQLException {
        finish.setInt(1, task.attempt());
        finish.setNull(2, Types.BIGINT);
        finish.setLong(3, now);
        finish.setLong(4, now);
        finish.setLong(5, task.seq());
        finish.setInt(6, task.attempt());
        if (finish.executeUpdate() != 1) {
            throw new SQLException("task " + task.id() + " was not running at attempt " + task.attempt());
        }
    }

    @Override
    public void close() throws SQLException {
        Jdbc.closeAll(List.of(insert::close, claim::close, finish::close));
    }

    private void bindInsert(String queue, byte[] payload, long at) throws SQLException {
        insert.setString(1, Jdbc.storeId(random, at));
        insert.setString(2, queue);
        insert.setBytes(3, payload);
        insert.setLong(4, at);
        insert.setLong(5, at);
        insert.setLong(6, at);
    }
}
