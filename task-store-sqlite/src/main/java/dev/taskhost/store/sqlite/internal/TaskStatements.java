package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The three statements every task runs through (insert, claim, record), in plain JDBC and prepared
 * once on the database's connection. They run thousands of times a second, and Jdbi's per-statement
 * work (parsing named parameters, binding by name, statement context) cost about as much as
 * SQLite's own; every other statement goes through Jdbi. Used under the database's lock only.
 *
 * <p>The prepared statements live in the connection's {@link CachedStatements}, never here: the
 * database discards them after any failure, since the driver finalizes a statement that failed
 * (R31), and a copy kept here would outlive that.
 */
final class TaskStatements {

    /** The tasks a claim takes: a range scan of {@link Schema#READY_INDEX}. Parameters: queue, now, max. */
    static final String CLAIM_CANDIDATES = """
            SELECT seq FROM tasks
             WHERE queue = ? AND status = 'PENDING' AND ready_at <= ?
             ORDER BY ready_at, seq
             LIMIT ?""";

    // One statement, so the choice and the change are atomic for every connection (R11, R14).
    private static final String CLAIM = """
            UPDATE tasks SET status = 'RUNNING', attempt = attempt + 1, updated_at = ?
             WHERE seq IN (%s)
            RETURNING seq, id, queue, payload, attempt, ready_at""".formatted(CLAIM_CANDIDATES);

    private static final String INSERT = """
            INSERT INTO tasks (id, queue, status, payload, message, attempt, created_at, updated_at, ready_at)
            VALUES (?, ?, 'PENDING', ?, '', 0, ?, ?, ?)""";

    // A PENDING outcome brings a ready time and clears finished_at; an end keeps the ready time.
    private static final String RECORD = """
            UPDATE tasks SET status = ?, message = ?, attempt = ?,
                   ready_at = coalesce(?, ready_at), finished_at = ?, updated_at = ?
             WHERE id = ? AND status = 'RUNNING' AND attempt = ?""";

    /** A claim's list starts this small whatever its {@code max}: a huge max must not allocate (R33). */
    private static final int INITIAL_CLAIM_CAPACITY = 16;

    int insert(Handle handle, NewTask task) throws SQLException {
        PreparedStatement insert = CachedStatements.prepared(handle, INSERT);
        long at = task.createdAt().toEpochMilli();
        insert.setString(1, task.id());
        insert.setString(2, task.queueName());
        insert.setBytes(3, task.payload());
        insert.setLong(4, at);
        insert.setLong(5, at);
        insert.setLong(6, at);
        return insert.executeUpdate();
    }

    /** The claimed rows, in no particular order: RETURNING gives none. */
    List<Rows.Claimed> claim(Handle handle, String queueName, long now, int max) throws SQLException {
        PreparedStatement claim = CachedStatements.prepared(handle, CLAIM);
        claim.setLong(1, now);
        claim.setString(2, queueName);
        claim.setLong(3, now);
        claim.setInt(4, max);
        List<Rows.Claimed> claimed = new ArrayList<>(Math.min(max, INITIAL_CLAIM_CAPACITY));
        try (ResultSet rows = claim.executeQuery()) {
            while (rows.next()) {
                claimed.add(Rows.claimed(rows));
            }
        }
        return claimed;
    }

    /** @return how many outcomes applied: each only to a task still running at its attempt */
    int record(Handle handle, List<Outcome> outcomes) throws SQLException {
        PreparedStatement record = CachedStatements.prepared(handle, RECORD);
        if (outcomes.size() == 1) {
            bind(record, outcomes.get(0));
            return record.executeUpdate();
        }
        for (Outcome outcome : outcomes) {
            bind(record, outcome);
            record.addBatch();
        }
        int applied = 0;
        for (int count : record.executeBatch()) {
            applied += Math.max(0, count);
        }
        return applied;
    }

    private static void bind(PreparedStatement record, Outcome outcome) throws SQLException {
        boolean pending = outcome.status() == TaskStatus.PENDING;
        record.setString(1, outcome.status().name());
        record.setString(2, outcome.message());
        record.setInt(3, outcome.nextAttempt());
        setLongOrNull(record, 4, pending ? outcome.readyAt().toEpochMilli() : null);
        setLongOrNull(record, 5, pending ? null : outcome.at().toEpochMilli());
        record.setLong(6, outcome.at().toEpochMilli());
        record.setString(7, outcome.taskId());
        record.setInt(8, outcome.attempt());
    }

    private static void setLongOrNull(PreparedStatement record, int index, Long value) throws SQLException {
        if (value == null) {
            record.setNull(index, Types.BIGINT);
        } else {
            record.setLong(index, value);
        }
    }
}
