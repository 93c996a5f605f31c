package dev.taskhost.store.sqlite.internal;

import java.util.Map;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** How many tasks a queue has of each status. */
interface CountsDao {

    /** Status name to count; a status with no task is absent. */
    @SqlQuery("SELECT status, count(*) AS n FROM tasks WHERE queue = :queue GROUP BY status")
    @KeyColumn("status")
    @ValueColumn("n")
    Map<String, Long> byStatus(@Bind("queue") String queue);
}
