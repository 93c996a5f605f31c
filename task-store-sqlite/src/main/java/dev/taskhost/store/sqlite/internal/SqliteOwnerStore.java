package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;

/**
 * One owner's queues and tasks in its SQLite database. Each method is one statement, or one
 * transaction where it must read before it writes; every change of a task is guarded by the status
 * it expects, so two hosts on one file cannot overwrite each other. Thread-safe.
 */
final class SqliteOwnerStore implements OwnerStore {

    private static final String SAVE_QUEUE = """
            INSERT INTO queues (name, concurrency, max_retries, backoff_ms, delay_ms, retention_ms,
                                timeout_ms, updated_at)
            VALUES (:name, :concurrency, :maxRetries, :backoff, :delay, :retention, :timeout, :now)
            ON CONFLICT (name) DO UPDATE SET
                concurrency = excluded.concurrency, max_retries = excluded.max_retries,
                backoff_ms = excluded.backoff_ms, delay_ms = excluded.delay_ms,
                retention_ms = excluded.retention_ms, timeout_ms = excluded.timeout_ms,
                updated_at = excluded.updated_at""";

    private static final String CANCEL = """
            UPDATE tasks SET status = 'CANCELLED', updated_at = :now, finished_at = :now
             WHERE id = :id AND status = 'PENDING'""";

    private static final String CANCEL_PENDING = """
            UPDATE tasks SET status = 'CANCELLED', updated_at = :now, finished_at = :now
             WHERE queue = :queue AND status = 'PENDING'""";

    private static final String PURGE = """
            DELETE FROM tasks WHERE seq IN (
                SELECT t.seq FROM queues q JOIN tasks t ON t.queue = q.name
                 WHERE t.finished_at IS NOT NULL AND t.finished_at <= :now - q.retention_ms)""";

    private static final String NEXT_EXPIRY = """
            SELECT min(q.retention_ms + (SELECT min(t.finished_at) FROM tasks t
                                          WHERE t.queue = q.name AND t.finished_at IS NOT NULL))
              FROM queues q""";

    private final OwnerDatabase database;
    private final TaskStatements statements = new TaskStatements();

    SqliteOwnerStore(OwnerDatabase database) {
        this.database = database;
    }

    @Override
    public void saveQueue(String queueName, QueueConfig config, Instant now) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(now, "now");
        database.call("save queue '" + queueName + "'", handle -> handle.createUpdate(SAVE_QUEUE)
                .bind("name", queueName)
                .bind("concurrency", config.concurrency())
                .bind("maxRetries", config.maxRetries())
                .bind("backoff", Rows.millis(config.backoff()))
                .bind("delay", Rows.millis(config.delay()))
                .bind("retention", Rows.millis(config.retention()))
                .bind("timeout", Rows.millis(config.timeout()))
                .bind("now", now.toEpochMilli())
                .execute());
    }

    @Override
    public Optional<QueueConfig> findQueue(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("find queue '" + queueName + "'", handle -> handle
                .createQuery("SELECT " + Rows.QUEUE_COLUMNS + " FROM queues WHERE name = :name")
                .bind("name", queueName)
                .map((row, context) -> Rows.queue(row))
                .findOne());
    }

    @Override
    public List<String> queueNames() {
        List<String> names = new ArrayList<>(database.call("list queues",
                handle -> handle.createQuery("SELECT name FROM queues").mapTo(String.class).list()));
        Collections.sort(names); // Java's order, which SQLite's byte order is not for every name
        return List.copyOf(names);
    }

    @Override
    public void insert(NewTask task) {
        Objects.requireNonNull(task, "task");
        // Durable when the (group) commit returns (R9), to the chosen Durability.
        database.writeStatement("insert task " + task.id() + " into queue '" + task.queueName() + "'",
                handle -> statements.insert(handle, task));
    }

    @Override
    public Optional<TaskRecord> find(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return database.call("find task " + taskId, handle -> handle
                .createQuery("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE id = :id")
                .bind("id", taskId)
                .map((row, context) -> Rows.task(row))
                .findOne());
    }

    @Override
    public Optional<TaskStatus> cancel(String taskId, Instant now) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(now, "now");
        // One transaction, so the status read after a guard that did not match is the one that
        // stopped it, not one another connection set in between.
        return database.write("cancel task " + taskId, handle -> {
            int cancelled = handle.createUpdate(CANCEL)
                    .bind("id", taskId)
                    .bind("now", now.toEpochMilli())
                    .execute();
            if (cancelled == 1) {
                return Optional.of(TaskStatus.PENDING);
            }
            Optional<String> status = handle.createQuery("SELECT status FROM tasks WHERE id = :id")
                    .bind("id", taskId)
                    .mapTo(String.class)
                    .findOne();
            return status.isEmpty() ? Optional.empty() : Optional.of(Rows.status(status.get()));
        });
    }

    @Override
    public long cancelPending(String queueName, Instant now) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(now, "now");
        return database.writeStatement("cancel the pending tasks of queue '" + queueName + "'",
                handle -> handle.createUpdate(CANCEL_PENDING)
                        .bind("queue", queueName)
                        .bind("now", now.toEpochMilli())
                        .execute());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code max} is negative; a {@code max} of 0 claims nothing
     */
    @Override
    public List<ClaimedTask> claim(String queueName, int max, Instant now) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(now, "now");
        requireNotNegative("max", max);
        if (max == 0) {
            return List.of();
        }
        return ordered(database.writeStatement("claim from queue '" + queueName + "'",
                handle -> statements.claim(handle, queueName, now.toEpochMilli(), max)));
    }

    private static void requireNotNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, was " + value);
        }
    }

    /** Claimed tasks in claim order: RETURNING gives none (R11). */
    private static List<ClaimedTask> ordered(List<Rows.Claimed> claimed) {
        List<Rows.Claimed> sorted = new ArrayList<>(claimed);
        sorted.sort(Rows.Claimed.ORDER);
        return sorted.stream().map(Rows.Claimed::task).toList();
    }

    /** One transaction, so that the outcomes and the claim share one commit. */
    @Override
    public List<ClaimedTask> recordThenClaim(List<Outcome> outcomes, String queueName, int max, Instant now) {
        List<Outcome> all = List.copyOf(outcomes);
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(now, "now");
        requireNotNegative("max", max);
        if (all.isEmpty() || max == 0) {
            record(all);
            return claim(queueName, max, now);
        }
        return ordered(database.write("record " + all.size() + " outcome(s), then claim from queue '" + queueName + "'",
                handle -> {
                    statements.record(handle, all);
                    return statements.claim(handle, queueName, now.toEpochMilli(), max);
                }));
    }

    @Override
    public Optional<Instant> nextReadyAt(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("find the next ready time of queue '" + queueName + "'", handle -> handle
                .createQuery("""
                        SELECT ready_at FROM tasks WHERE queue = :queue AND status = 'PENDING'
                         ORDER BY ready_at LIMIT 1""")
                .bind("queue", queueName)
                .map((row, context) -> Rows.instant(row, "ready_at"))
                .findOne());
    }

    @Override
    public List<TaskRecord> running(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("list the running tasks of queue '" + queueName + "'", handle -> handle
                .createQuery("SELECT " + Rows.TASK_COLUMNS
                        + " FROM tasks WHERE queue = :queue AND status = 'RUNNING' ORDER BY ready_at, seq")
                .bind("queue", queueName)
                .map((row, context) -> Rows.task(row))
                .list());
    }

    @Override
    public int record(List<Outcome> outcomes) {
        List<Outcome> all = List.copyOf(outcomes); // null-checks the list and its elements
        if (all.isEmpty()) {
            return 0;
        }
        OwnerDatabase.Work<Integer> recordAll = handle -> statements.record(handle, all);
        String operation = "record " + all.size() + " outcome(s)";
        return all.size() == 1 ? database.writeStatement(operation, recordAll) : database.write(operation, recordAll);
    }

    @Override
    public Optional<Instant> purgeExpired(Instant now) {
        Objects.requireNonNull(now, "now");
        return database.inTransaction("purge expired tasks", handle -> {
            handle.createUpdate(PURGE).bind("now", now.toEpochMilli()).execute();
            return handle.createQuery(NEXT_EXPIRY)
                    .map((row, context) -> {
                        long next = row.getLong(1);
                        return row.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(next));
                    })
                    .one();
        });
    }

    @Override
    public Map<TaskStatus, Long> countByStatus(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("count the tasks of queue '" + queueName + "'", handle -> {
            Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
            handle.createQuery("SELECT status, count(*) AS n FROM tasks WHERE queue = :queue GROUP BY status")
                    .bind("queue", queueName)
                    .map((row, context) -> Map.entry(Rows.status(row.getString("status")), row.getLong("n")))
                    .forEach(count -> counts.put(count.getKey(), count.getValue()));
            return Collections.unmodifiableMap(counts);
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    @Override
    public List<TaskRecord> list(String queueName, Optional<TaskStatus> status, int limit) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(status, "status");
        requireNotNegative("limit", limit);
        String filter = status.isPresent() ? " AND status = :status" : "";
        return database.call("list the tasks of queue '" + queueName + "'", handle -> {
            Query query = handle.createQuery("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE queue = :queue"
                            + filter + " ORDER BY created_at, seq LIMIT :limit")
                    .bind("queue", queueName)
                    .bind("limit", limit);
            status.ifPresent(wanted -> query.bind("status", wanted.name()));
            return query.map((row, context) -> Rows.task(row)).list();
        });
    }

    /** The database this store works on. */
    OwnerDatabase database() {
        return database;
    }

    /** Closes the database; further calls fail. */
    void close() {
        database.close();
    }
}
