package dev.taskhost.store.postgres.internal;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Retention: deletes ended tasks older than their queue's retention, and says when the next one expires. */
interface SweepDao {

    /** @return how many tasks were deleted, at most {@code limit} */
    @SqlUpdate("""
            DELETE FROM <schema>.tasks WHERE id IN (
                SELECT t.id FROM <schema>.tasks t JOIN <schema>.queues q ON q.owner = t.owner AND q.name = t.queue
                WHERE t.owner = :owner AND t.ended_at IS NOT NULL
                  AND t.status IN ('COMPLETED', 'FAILED', 'CANCELLED')
                  AND t.ended_at <= :now - q.retention_ms
                LIMIT :limit)""")
    int purgeExpired(@Bind("owner") String owner, @Bind("now") long now, @Bind("limit") int limit);

    /** @return the epoch millisecond at which the next ended task expires, or null if none has ended */
    @SqlQuery("""
            SELECT min(t.ended_at + q.retention_ms) AS expiry
            FROM <schema>.tasks t JOIN <schema>.queues q ON q.owner = t.owner AND q.name = t.queue
            WHERE t.owner = :owner AND t.ended_at IS NOT NULL
              AND t.status IN ('COMPLETED', 'FAILED', 'CANCELLED')""")
    Long nextExpiry(@Bind("owner") String owner);
}
