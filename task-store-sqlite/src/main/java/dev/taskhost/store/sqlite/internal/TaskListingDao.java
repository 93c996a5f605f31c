package dev.taskhost.store.sqlite.internal;

import dev.taskhost.core.spi.TaskRecord;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads of the owner's tasks: by id, by key, running, abandoned, and pages in enqueue order (R49). */
interface TaskListingDao {

    @SqlQuery("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE id = :id")
    Optional<TaskRecord> find(@Bind("id") String id);

    @SqlQuery("SELECT payload FROM tasks WHERE id = :id")
    Optional<byte[]> payload(@Bind("id") String id);

    /** The unfinished task that holds the key (R43), in the terms of the key index's own condition, so that SQLite uses it. */
    @SqlQuery("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE queue = :queue AND key = :key"
            + " AND key IS NOT NULL AND " + Schema.UNFINISHED)
    Optional<TaskRecord> findByKey(@Bind("queue") String queue, @Bind("key") String key);

    @SqlQuery("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE queue = :queue AND status = 'RUNNING' ORDER BY ready_at, seq")
    List<TaskRecord> running(@Bind("queue") String queue);

    /** Every running task that {@code holder} does not hold. */
    @SqlQuery("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE queue = :queue AND status = 'RUNNING'"
            + " AND (lease_holder IS NULL OR lease_holder <> :holder) ORDER BY ready_at, seq")
    List<TaskRecord> abandoned(@Bind("queue") String queue, @Bind("holder") String holder);

    /** A listed task with its enqueue position. */
    record Listed(long seq, TaskRecord task) {
    }

    /** Up to {@code limit} tasks of one status after the enqueue position {@code after}: a range scan of the status index. */
    @SqlQuery("SELECT " + Rows.TASK_COLUMNS + " FROM tasks"
            + " WHERE queue = :queue AND status = :status AND seq > :after ORDER BY seq LIMIT :limit")
    List<Listed> page(@Bind("queue") String queue, @Bind("status") String status, @Bind("after") long after,
                      @Bind("limit") long limit);
}
