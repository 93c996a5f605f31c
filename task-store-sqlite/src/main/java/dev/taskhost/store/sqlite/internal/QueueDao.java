package dev.taskhost.store.sqlite.internal;

import dev.taskhost.core.spi.StoredQueue;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The owner's queues: their settings, pause and names. */
interface QueueDao {

    /** A queue's settings as stored: durations in milliseconds. */
    record QueueRow(String name, int concurrency, int maxRetries, long backoff, long delay, long retention,
                    long timeout) {
    }

    @SqlUpdate(SqliteOwnerStore.SAVE_QUEUE)
    void save(@BindMethods QueueRow queue, @Bind("now") long now);

    @SqlQuery(SqliteOwnerStore.FIND_QUEUE)
    Optional<StoredQueue> find(@Bind("name") String name);

    @SqlQuery("SELECT name FROM queues")
    List<String> names();

    @SqlUpdate("UPDATE queues SET paused = :paused, updated_at = :now WHERE name = :name AND paused <> :paused")
    void setPaused(@Bind("name") String name, @Bind("paused") int paused, @Bind("now") long now);
}
