package dev.taskhost.store.postgres.internal;

import dev.taskhost.core.spi.StoredQueue;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** An owner's queues: their settings, pause and names (R1, R2: every statement names the owner). */
interface QueueDao {

    /** A queue's settings as stored: durations as ISO-8601 text, the retention in milliseconds too. */
    record QueueRow(String name, int concurrency, int maxRetries, String backoff, String delay, String retention,
                    long retentionMs, String timeout) {
    }

    @SqlUpdate("""
            INSERT INTO <schema>.queues (owner, name, concurrency, max_retries, backoff, delay, retention,
                                         retention_ms, timeout, created_at, updated_at)
            VALUES (:owner, :q.name, :q.concurrency, :q.maxRetries, :q.backoff, :q.delay, :q.retention,
                    :q.retentionMs, :q.timeout, :now, :now)
            ON CONFLICT (owner, name) DO UPDATE SET
                concurrency = excluded.concurrency, max_retries = excluded.max_retries,
                backoff = excluded.backoff, delay = excluded.delay, retention = excluded.retention,
                retention_ms = excluded.retention_ms, timeout = excluded.timeout,
                updated_at = excluded.updated_at""")
    void save(@Bind("owner") String owner, @BindMethods("q") QueueRow queue, @Bind("now") long now);

    @SqlQuery("SELECT " + Rows.QUEUE_COLUMNS + " FROM <schema>.queues WHERE owner = :owner AND name = :name")
    Optional<StoredQueue> find(@Bind("owner") String owner, @Bind("name") String name);

    @SqlQuery("SELECT name FROM <schema>.queues WHERE owner = :owner")
    List<String> names(@Bind("owner") String owner);

    /** @return how many queues changed: 0 if there is no such queue */
    @SqlUpdate("UPDATE <schema>.queues SET paused = :paused, updated_at = :now WHERE owner = :owner AND name = :name")
    int setPaused(@Bind("owner") String owner, @Bind("name") String name, @Bind("paused") boolean paused,
                  @Bind("now") long now);

    /** Every owner that has a queue in the schema. */
    @SqlQuery("SELECT DISTINCT owner FROM <schema>.queues")
    List<String> owners();
}
