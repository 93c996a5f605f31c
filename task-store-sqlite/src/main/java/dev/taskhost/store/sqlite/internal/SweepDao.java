package dev.taskhost.store.sqlite.internal;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Retention: deletes ended tasks older than their queue's retention, and says when the next one expires. */
interface SweepDao {

    /** Keeps every seq stored so far from being used again once its task is deleted (R49). */
    @SqlUpdate(Schema.RAISE_SEQ_FLOOR)
    void raiseSeqFloor();

    /** @return how many tasks were deleted, at most {@code limit} */
    @SqlUpdate(SqliteOwnerStore.PURGE)
    int purgeExpired(@Bind("now") long now, @Bind("limit") int limit);

    /** @return the epoch millisecond at which the next ended task expires, or null if none has ended */
    @SqlQuery(SqliteOwnerStore.NEXT_EXPIRY)
    Long nextExpiry();
}
