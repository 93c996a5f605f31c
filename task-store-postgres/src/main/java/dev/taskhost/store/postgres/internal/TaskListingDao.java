package dev.taskhost.store.postgres.internal;

import dev.taskhost.core.spi.TaskRecord;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads of an owner's tasks: by id, by key, running, abandoned, and pages in enqueue order (R49). */
interface TaskListingDao {

    @SqlQuery("SELECT " + PgOwnerStore.TASK_COLUMNS + " FROM <schema>.tasks WHERE owner = :owner AND id = :id")
    Optional<TaskRecord> find(@Bind("owner") String owner, @Bind("id") String id);

    @SqlQuery("SELECT payload FROM <schema>.tasks WHERE owner = :owner AND id = :id")
    Optional<byte[]> payload(@Bind("owner") String owner, @Bind("id") String id);

    /** The unfinished task that holds the key (R43). */
    @SqlQuery("SELECT " + PgOwnerStore.TASK_COLUMNS + " FROM <schema>.tasks WHERE owner = :owner "
            + "AND queue = :queue AND task_key = :key AND status IN ('PENDING', 'RUNNING')")
    Optional<TaskRecord> findByKey(@Bind("owner") String owner, @Bind("queue") String queue, @Bind("key") String key);

    @SqlQuery("SELECT " + PgOwnerStore.TASK_COLUMNS + " FROM <schema>.tasks "
            + "WHERE owner = :owner AND queue = :queue AND status = 'RUNNING' ORDER BY seq")
    List<TaskRecord> running(@Bind("owner") String owner, @Bind("queue") String queue);

    /** Runs whose lease expired on the database's clock (R37). */
    @SqlQuery("SELECT " + PgOwnerStore.TASK_COLUMNS + " FROM <schema>.tasks WHERE owner = :owner "
            + "AND queue = :queue AND status = 'RUNNING' AND lease_expires_at < now() ORDER BY seq")
    List<TaskRecord> abandoned(@Bind("owner") String owner, @Bind("queue") String queue);

    /** A task of a page with its enqueue position, which the next page's cursor is made of. */
    record Listed(TaskRecord task, long seq) {
    }

    /** Up to {@code limit} tasks of the queue after the enqueue position {@code after}, in enqueue order. */
    @SqlQuery("SELECT " + PgOwnerStore.TASK_COLUMNS + ", seq FROM <schema>.tasks "
            + "WHERE owner = :owner AND queue = :queue AND seq > :after ORDER BY seq LIMIT :limit")
    List<Listed> page(@Bind("owner") String owner, @Bind("queue") String queue, @Bind("after") long after,
                      @Bind("limit") long limit);

    /** As {@link #page}, of the tasks of one status. */
    @SqlQuery("SELECT " + PgOwnerStore.TASK_COLUMNS + ", seq FROM <schema>.tasks "
            + "WHERE owner = :owner AND queue = :queue AND seq > :after AND status = :status ORDER BY seq LIMIT :limit")
    List<Listed> page(@Bind("owner") String owner, @Bind("queue") String queue, @Bind("status") String status,
                      @Bind("after") long after, @Bind("limit") long limit);
}
