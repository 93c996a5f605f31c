package dev.taskhost.store.postgres.internal;

import dev.taskhost.core.spi.StoredSchedule;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** An owner's schedules (R50 to R52). */
interface ScheduleDao {

    /**
     * Stores a new schedule, or replaces one that differs; an equal one keeps its anchor and last fire.
     *
     * @return 1 if the schedule was stored or replaced, 0 if an equal one was there
     */
    @SqlUpdate("""
            INSERT INTO <schema>.schedules (owner, name, queue, spec, payload, anchor_at, last_fire_at,
                                            revision, updated_at)
            VALUES (:owner, :name, :queue, :spec, :payload, :now, NULL, 1, :now)
            ON CONFLICT (owner, name) DO UPDATE SET
                queue = excluded.queue, spec = excluded.spec, payload = excluded.payload,
                anchor_at = excluded.anchor_at, last_fire_at = NULL,
                revision = <schema>.schedules.revision + 1, updated_at = excluded.updated_at
            WHERE NOT (<schema>.schedules.queue = excluded.queue AND <schema>.schedules.spec = excluded.spec
                       AND <schema>.schedules.payload = excluded.payload)""")
    int save(@Bind("owner") String owner, @Bind("name") String name, @Bind("queue") String queue,
             @Bind("spec") String spec, @Bind("payload") byte[] payload, @Bind("now") long now);

    @SqlUpdate("DELETE FROM <schema>.schedules WHERE owner = :owner AND name = :name")
    int delete(@Bind("owner") String owner, @Bind("name") String name);

    @SqlQuery("SELECT " + Rows.SCHEDULE_COLUMNS + " FROM <schema>.schedules WHERE owner = :owner AND name = :name")
    Optional<StoredSchedule> find(@Bind("owner") String owner, @Bind("name") String name);

    @SqlQuery("SELECT " + Rows.SCHEDULE_COLUMNS + " FROM <schema>.schedules WHERE owner = :owner")
    List<StoredSchedule> all(@Bind("owner") String owner);

    /**
     * The guard of a fire (R51): moves the last fire if the schedule is still at the revision and
     * last fire that were read, and the fire is after the last. The row lock it takes makes a
     * second host's fire wait, then find the last fire moved and change nothing.
     *
     * @return 1 if the fire is this caller's to enqueue, else 0
     */
    @SqlUpdate("""
            UPDATE <schema>.schedules SET last_fire_at = :fire, updated_at = :now
            WHERE owner = :owner AND name = :name AND revision = :revision
              AND last_fire_at IS NOT DISTINCT FROM CAST(:expected AS bigint)
              AND :fire > coalesce(last_fire_at, anchor_at)""")
    int advance(@Bind("owner") String owner, @Bind("name") String name, @Bind("revision") long revision,
                @Bind("expected") Long expected, @Bind("fire") long fire, @Bind("now") long now);
}
