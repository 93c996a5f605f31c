package dev.taskhost.store.sqlite.internal;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What an operator or a run does to a task besides running it: cancel, retry (R45, R47), progress
 * (R48). Each change is guarded by the status it expects.
 */
interface TaskControlDao {

    @SqlQuery(SqliteOwnerStore.STATUS)
    Optional<String> status(@Bind("id") String id);

    @SqlUpdate(SqliteOwnerStore.CANCEL)
    void cancel(@Bind("id") String id, @Bind("status") String status, @Bind("now") long now);

    @SqlUpdate(SqliteOwnerStore.CANCEL_PENDING)
    int cancelPending(@Bind("queue") String queue, @Bind("now") long now);

    @SqlUpdate(SqliteOwnerStore.RETRY)
    void retry(@Bind("id") String id, @Bind("now") long now);

    @SqlUpdate(SqliteOwnerStore.SAVE_PROGRESS)
    void saveProgress(@Bind("id") String id, @Bind("attempt") int attempt, @Bind("percent") int percent,
                      @Bind("note") String note, @Bind("at") long at);
}
