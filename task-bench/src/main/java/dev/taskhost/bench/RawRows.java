package dev.taskhost.bench;

import java.sql.SQLException;
import java.util.Optional;

/**
 * The three hot statements of a task table, each a transaction of its own in auto-commit mode: insert
 * a pending task, claim the next ready one, finish it. That is the cheapest a durable step can be, so
 * it is the raw limit. Implementations are not thread-safe: one per thread and connection.
 */
interface RawRows extends AutoCloseable {

    /** A task that {@link #claim} moved to running; {@code seq} is its rowid where the table has one, else 0. */
    record Claimed(String id, int attempt, long seq) {
    }

    /** Inserts one pending task, ready at {@code at} (epoch millis). */
    void insert(String queue, byte[] payload, long at) throws SQLException;

    /** Claims the queue's next ready task, if it has one. */
    Optional<Claimed> claim(String queue, long now) throws SQLException;

    /**
     * Marks a claimed task completed.
     *
     * @throws SQLException if the database fails, or the task was not there to finish
     */
    void finish(Claimed task, long now) throws SQLException;

    /** Closes the statements, not the connection. */
    @Override
    void close() throws SQLException;
}
