package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.StoredQueue;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The statements every task runs through (insert, claim with the queue's state and last start,
 * record), in plain JDBC and prepared
 * once on the database's connection. They run thousands of times a second, and Jdbi's per-statement
 * work (parsing named parameters, binding by name, statement context) cost about as much as
 * SQLite's own; every other statement goes through Jdbi. Used under the database's lock only.
 *
 * <p>The prepared statements live in the connection's {@link CachedStatements}, never here: the
 * database discards them after any failure, since the driver finalizes a statement that failed
 * (R31), and a copy kept here would outlive that.
 */
final class TaskStatements {

    /**
     * The tasks a claim takes at one priority level: a range scan of {@link Schema#READY_INDEX}.
     * Parameters: queue, priority, now, max.
     */
    static final String CLAIM_CANDIDATES = """
            SELECT seq FROM tasks
             WHERE queue = ? AND %s AND priority = ? AND ready_at <= ?
             ORDER BY ready_at, seq
             LIMIT ?""".formatted(Schema.PENDING);

    /**
     * The highest priority level below a bound among the queue's pending tasks, ready or not: one
     * seek in {@link Schema#READY_INDEX}. Parameters: queue, bound (exclusive).
     */
    static final String NEXT_LEVEL = """
            SELECT priority FROM tasks
             WHERE queue = ? AND %s AND priority < ?
             ORDER BY priority DESC
             LIMIT 1""".formatted(Schema.PENDING);

    /**
     * What a claim reads first: the queue's settings, pause and last start, its running tasks on
     * every host, and the highest priority level among its pending tasks, as one statement (a seek
     * in the queues table, a range scan of the running tasks' index entries, and one seek in
     * {@link Schema#READY_INDEX}, as {@link #NEXT_LEVEL} does). Parameter: queue.
     */
    static final String CLAIM_STATE = """
            SELECT %s,
                   (SELECT count(*) FROM tasks WHERE tasks.queue = queues.name AND tasks.status = 'RUNNING') AS running,
                   (SELECT priority FROM tasks WHERE tasks.queue = queues.name AND tasks.%s
                     ORDER BY priority DESC LIMIT 1) AS top_level
              FROM queues WHERE name = ?""".formatted(Rows.QUEUE_COLUMNS, Schema.PENDING);

    private static final String SET_LAST_START = "UPDATE queues SET last_start_at = ? WHERE name = ?";

    // One statement per level, so the choice and the change are atomic for every connection (R11, R14).
    private static final String CLAIM = """
            UPDATE tasks SET status = 'RUNNING', attempt = attempt + 1, updated_at = ?, lease_holder = ?
             WHERE seq IN (%s)
            RETURNING seq, id, queue, payload, attempt, ready_at""".formatted(CLAIM_CANDIDATES);

    // The seq is never one a deleted task had (R49); see Schema.NEXT_SEQ.
    private static final String INSERT = """
            INSERT INTO tasks (seq, id, queue, status, payload, message, attempt, created_at, updated_at, ready_at,
                               priority, key)
            VALUES (%s, ?, ?, 'PENDING', ?, '', 0, ?, ?, ?, ?, ?)""".formatted(Schema.NEXT_SEQ);

    // The key index decides atomically (R43); other conflicts (a duplicate id) still fail.
    private static final String INSERT_KEYED = INSERT + """

            ON CONFLICT (queue, key) WHERE key IS NOT NULL AND %s DO NOTHING""".formatted(Schema.UNFINISHED);

    private static final String KEY_HOLDER = """
            SELECT id FROM tasks WHERE queue = ? AND key = ? AND key IS NOT NULL AND %s""".formatted(Schema.UNFINISHED);

    // A PENDING outcome brings a ready time and clears finished_at; an end keeps the ready time.
    // Leaving RUNNING, the task leaves its lease; it keeps its last progress (R48).
    private static final String RECORD = """
            UPDATE tasks SET status = ?, message = ?, attempt = ?,
                   ready_at = coalesce(?, ready_at), finished_at = ?, updated_at = ?, lease_holder = NULL
             WHERE id = ? AND status = 'RUNNING' AND attempt = ?""";

    // The same by the task's seq, the table's rowid, which this store read when it claimed the run:
    // a seek in the table itself instead of one in the id index first.
    private static final String RECORD_BY_SEQ = RECORD.replace("WHERE id = ?", "WHERE seq = ?");

    // R38: only a run this host does not hold is abandoned; one it holds (claimed since) is left alone.
    private static final String RECORD_ABANDONED = RECORD + """

               AND (lease_holder IS NULL OR lease_holder <> ?)""";

    /** A claim's list starts this small whatever its {@code max}: a huge max must not allocate (R33). */
    private static final int INITIAL_CLAIM_CAPACITY = 16;

    /**
     * Inserts the task, unless its key is held by an unfinished task of its queue (R43). Run it in a
     * transaction when the task has a key: the insert and the read of the holder are one step.
     *
     * @return the id of the task that holds the key: the new one, or the unfinished one that had it
     */
    String insert(Handle handle, NewTask task) throws SQLException {
        PreparedStatement statement = CachedStatements.prepared(handle, task.key().isEmpty() ? INSERT : INSERT_KEYED);
        long at = task.createdAt().toEpochMilli();
        statement.setString(1, task.id());
        statement.setString(2, task.queueName());
        statement.setBytes(3, task.payload());
        statement.setLong(4, at);
        statement.setLong(5, at);
        statement.setLong(6, task.readyAt().toEpochMilli());
        statement.setInt(7, task.priority());
        if (task.key().isPresent()) {
            statement.setString(8, task.key().get());
        } else {
            statement.setNull(8, Types.VARCHAR);
        }
        if (statement.executeUpdate() == 1 || task.key().isEmpty()) {
            return task.id();
        }
        PreparedStatement keyHolder = CachedStatements.prepared(handle, KEY_HOLDER);
        keyHolder.setString(1, task.queueName());
        keyHolder.setString(2, task.key().get());
        try (ResultSet row = keyHolder.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("task " + task.id() + " was not inserted, yet no unfinished task of queue '"
                        + task.queueName() + "' holds its key '" + task.key().get() + "' (R43)");
            }
            return row.getString(1);
        }
    }

    /**
     * The queue as a claim sees it, with how many of its tasks run on every host (R12, R13, R44).
     *
     * @return the queue and its running count, or null if there is no such queue
     */
    ClaimState claimState(Handle handle, String queueName) throws SQLException {
        PreparedStatement state = CachedStatements.prepared(handle, CLAIM_STATE);
        state.setString(1, queueName);
        try (ResultSet row = state.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            int topLevel = row.getInt("top_level");
            return new ClaimState(Rows.storedQueue(row), row.getLong("running"), row.wasNull() ? null : topLevel);
        }
    }

    /** Stores the queue's last start (R13, R36). */
    void setLastStart(Handle handle, String queueName, long at) throws SQLException {
        PreparedStatement update = CachedStatements.prepared(handle, SET_LAST_START);
        update.setLong(1, at);
        update.setString(2, queueName);
        update.executeUpdate();
    }

    /**
     * A queue as a claim reads it, its running tasks on every host, and its highest priority level
     * among pending tasks (null when none is pending).
     */
    record ClaimState(StoredQueue queue, long running, Integer topLevel) {
    }

    /**
     * The highest priority level below {@code bound} among the queue's pending tasks.
     *
     * @return the level, or null if no pending task is below it
     */
    Integer nextLevel(Handle handle, String queueName, long bound) throws SQLException {
        PreparedStatement nextLevel = CachedStatements.prepared(handle, NEXT_LEVEL);
        nextLevel.setString(1, queueName);
        nextLevel.setLong(2, bound);
        try (ResultSet row = nextLevel.executeQuery()) {
            return row.next() ? row.getInt(1) : null;
        }
    }

    /** The claimed rows of one priority level, in no particular order: RETURNING gives none. */
    List<Rows.Claimed> claim(Handle handle, String queueName, int priority, long now, int max,
                             String holder) throws SQLException {
        PreparedStatement claim = CachedStatements.prepared(handle, CLAIM);
        claim.setLong(1, now);
        claim.setString(2, holder);
        claim.setString(3, queueName);
        claim.setInt(4, priority);
        claim.setLong(5, now);
        claim.setInt(6, max);
        List<Rows.Claimed> claimed = new ArrayList<>(Math.min(max, INITIAL_CLAIM_CAPACITY));
        try (ResultSet rows = claim.executeQuery()) {
            while (rows.next()) {
                claimed.add(Rows.claimed(rows));
            }
        }
        return claimed;
    }

    /**
     * Records each outcome by its task's seq where {@code claimedSeqs} knows it (the rows this store
     * claimed), else by its id: both name the same row, since a seq is never used again (R49).
     *
     * @return how many outcomes applied: each only to a task still running at its attempt
     */
    int record(Handle handle, List<Outcome> outcomes, Map<String, Long> claimedSeqs) throws SQLException {
        List<Outcome> byId = new ArrayList<>(0);
        List<Long> seqs = new ArrayList<>(outcomes.size());
        List<Outcome> bySeq = new ArrayList<>(outcomes.size());
        for (Outcome outcome : outcomes) {
            Long seq = claimedSeqs.get(outcome.taskId());
            if (seq == null) {
                byId.add(outcome);
            } else {
                bySeq.add(outcome);
                seqs.add(seq);
            }
        }
        int applied = bySeq.isEmpty() ? 0 : recordBySeq(CachedStatements.prepared(handle, RECORD_BY_SEQ), bySeq, seqs);
        return applied + (byId.isEmpty() ? 0 : record(CachedStatements.prepared(handle, RECORD), byId, null));
    }

    private static int recordBySeq(PreparedStatement statement, List<Outcome> outcomes, List<Long> seqs)
            throws SQLException {
        int applied = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            bind(statement, outcomes.get(i), null);
            statement.setLong(7, seqs.get(i));
            applied += statement.executeUpdate();
        }
        return applied;
    }

    /**
     * @return how many outcomes applied: each only to a task still running at its attempt and not
     *     held by {@code holder}
     */
    int recordAbandoned(Handle handle, List<Outcome> outcomes, String holder) throws SQLException {
        return record(CachedStatements.prepared(handle, RECORD_ABANDONED), outcomes, holder);
    }

    private static int record(PreparedStatement statement, List<Outcome> outcomes, String holder)
            throws SQLException {
        if (outcomes.size() == 1) {
            bind(statement, outcomes.get(0), holder);
            return statement.executeUpdate();
        }
        for (Outcome outcome : outcomes) {
            bind(statement, outcome, holder);
            statement.addBatch();
        }
        int applied = 0;
        for (int count : statement.executeBatch()) {
            applied += Math.max(0, count);
        }
        return applied;
    }

    private static void bind(PreparedStatement statement, Outcome outcome, String holder) throws SQLException {
        boolean pending = outcome.status() == TaskStatus.PENDING;
        statement.setString(1, outcome.status().name());
        statement.setString(2, outcome.message());
        statement.setInt(3, outcome.nextAttempt());
        setLongOrNull(statement, 4, pending ? outcome.readyAt().toEpochMilli() : null);
        setLongOrNull(statement, 5, pending ? null : outcome.at().toEpochMilli());
        statement.setLong(6, outcome.at().toEpochMilli());
        statement.setString(7, outcome.taskId());
        statement.setInt(8, outcome.attempt());
        if (holder != null) {
            statement.setString(9, holder);
        }
    }

    private static void setLongOrNull(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
