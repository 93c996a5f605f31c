package dev.taskhost.store.postgres.internal;

import dev.taskhost.core.spi.NewTask;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The statements that store new tasks. A task without a key is inserted by a plain {@code INSERT}:
 * {@code ON CONFLICT} makes the insert speculative, one more WAL record and more index reads per task,
 * for a conflict only a repeated call can cause. A keyed task, whose key may well be held (R43), is
 * inserted with {@code ON CONFLICT DO NOTHING}, and the holder found when nothing was inserted.
 */
final class TaskInserts {
    private static final String COLUMNS = "id, owner, queue, status, payload, priority, task_key, "
            + "created_at, updated_at, ready_at";
    private static final String VALUES = "INSERT INTO {S}.tasks (" + COLUMNS + ") VALUES (:id, :owner, :queue, "
            + "'PENDING', :payload, :priority, :key, :createdAt, :createdAt, :readyAt)";
    private static final String UNNESTED = "INSERT INTO {S}.tasks (" + COLUMNS + ") "
            + "SELECT id, owner, queue, 'PENDING', payload, priority, task_key, created_at, created_at, ready_at "
            + "FROM unnest(:ids, :owners, :queues, :payloads, :priorities, :keys, :createds, :readys) "
            + "AS n(id, owner, queue, payload, priority, task_key, created_at, ready_at)";
    private static final String ON_CONFLICT = " ON CONFLICT DO NOTHING RETURNING id";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database database;
    private final Statements statements;

    TaskInserts(Database database, Statements statements) {
        this.database = database;
        this.statements = statements;
    }

    /** Stores the task in auto-commit; returns its id, or the key holder's (R43). */
    String one(Handle handle, String owner, NewTask task) {
        if (task.key().isPresent()) {
            return inTransaction(handle, owner, task);
        }
        try {
            bindOne(handle.createUpdate(statements.sql(VALUES)), owner, task).execute();
            return task.id();
        } catch (UnableToExecuteStatementException e) {
            if (!(e.getCause() instanceof SQLException sql) || !UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                throw e;
            }
            // Its id is stored already (a repeated call, R32): the failed statement changed nothing.
            return inTransaction(handle, owner, task);
        }
    }

    /**
     * Stores the task without failing the handle's transaction on a conflict: returns its id, or the
     * id of the task that holds its key (R43).
     */
    String inTransaction(Handle handle, String owner, NewTask task) {
        Optional<String> inserted = bindOne(handle.createQuery(statements.sql(VALUES + ON_CONFLICT)), owner, task)
                .mapTo(String.class).findOne();
        return inserted.orElseGet(() -> holder(handle, owner, task));
    }

    /**
     * Stores the tasks in one statement, in auto-commit; returns for each its id or its key holder's.
     * Fails as a whole if any task cannot be stored.
     */
    List<String> together(Handle handle, List<String> owners, List<NewTask> tasks) {
        boolean keyed = tasks.stream().anyMatch(t -> t.key().isPresent());
        int n = tasks.size();
        String[] ids = new String[n];
        String[] queues = new String[n];
        byte[][] payloads = new byte[n][];
        Integer[] priorities = new Integer[n];
        String[] keys = new String[n];
        Long[] createds = new Long[n];
        Long[] readys = new Long[n];
        for (int i = 0; i < n; i++) {
            NewTask t = tasks.get(i);
            ids[i] = t.id();
            queues[i] = t.queueName();
            payloads[i] = t.payload();
            priorities[i] = t.priority();
            keys[i] = t.key().orElse(null);
            createds[i] = t.createdAt().toEpochMilli();
            readys[i] = t.readyAt().toEpochMilli();
        }
        Object[][] columns = {ids, owners.toArray(), queues, payloads, priorities, keys, createds, readys};
        if (!keyed) {
            bindAll(handle.createUpdate(statements.sql(UNNESTED)), columns).execute();
            return List.of(ids);
        }
        Set<String> inserted = new HashSet<>(bindAll(handle.createQuery(statements.sql(UNNESTED + ON_CONFLICT)),
                columns).mapTo(String.class).list());
        List<String> stored = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            stored.add(inserted.contains(ids[i]) ? ids[i] : holder(handle, owners.get(i), tasks.get(i)));
        }
        return stored;
    }

    /**
     * After an insert that stored nothing: this very task is stored already (a repeated call, R32), or
     * an unfinished task holds the key (R43). The conflict waited for that task's insert to commit, so
     * this statement, which sees what committed since, finds it.
     */
    private String holder(Handle handle, String owner, NewTask task) {
        return handle.createQuery(statements.sql("""
                SELECT id FROM {S}.tasks
                WHERE owner = :owner AND (id = :id OR (queue = :queue AND task_key = :key
                                                       AND status IN ('PENDING', 'RUNNING')))
                ORDER BY id = :id DESC LIMIT 1"""))
                .bind("owner", owner).bind("id", task.id()).bind("queue", task.queueName())
                .bind("key", task.key().orElse(null))
                .mapTo(String.class).findOne()
                .orElseThrow(() -> database.failure("enqueue into queue '" + task.queueName() + "'",
                        new IllegalStateException("task " + task.id() + " conflicts with one of another owner")));
    }

    private static final String[] ARRAY_NAMES = {"ids", "owners", "queues", "payloads", "priorities", "keys",
        "createds", "readys"};
    private static final String[] ARRAY_TYPES = {"text", "text", "text", "bytea", "integer", "text", "bigint",
        "bigint"};

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindAll(T statement, Object[][] columns) {
        for (int i = 0; i < columns.length; i++) {
            statement.bind(ARRAY_NAMES[i], array(ARRAY_TYPES[i], columns[i]));
        }
        return statement;
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindOne(T statement, String owner,
                                                                                   NewTask task) {
        return statement.bind("id", task.id()).bind("owner", owner).bind("queue", task.queueName())
                .bind("payload", task.payload()).bind("priority", task.priority())
                .bind("key", task.key().orElse(null))
                .bind("createdAt", task.createdAt().toEpochMilli())
                .bind("readyAt", task.readyAt().toEpochMilli());
    }

    private static Argument array(String elementType, Object[] values) {
        return (position, statement, ctx) ->
                statement.setArray(position, statement.getConnection().createArrayOf(elementType, values));
    }
}
