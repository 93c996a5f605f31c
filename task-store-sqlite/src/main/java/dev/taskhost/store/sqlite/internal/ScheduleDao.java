package dev.taskhost.store.sqlite.internal;

import dev.taskhost.core.spi.StoredSchedule;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The owner's schedules (R50 to R52); the statements' text is in {@link ScheduleStatements}. */
interface ScheduleDao {

    /** @return 1 if the schedule was stored or replaced, 0 if an equal one was there */
    @SqlUpdate(ScheduleStatements.SAVE)
    int save(@Bind("name") String name, @Bind("queue") String queue, @Bind("spec") String spec,
             @Bind("payload") byte[] payload, @Bind("now") long now);

    @SqlUpdate("DELETE FROM schedules WHERE name = :name")
    int delete(@Bind("name") String name);

    @SqlQuery("SELECT " + ScheduleStatements.COLUMNS + " FROM schedules WHERE name = :name")
    Optional<StoredSchedule> find(@Bind("name") String name);

    @SqlQuery("SELECT " + ScheduleStatements.COLUMNS + " FROM schedules")
    List<StoredSchedule> all();

    /** The guard of a fire (R51). @return 1 if the fire is this caller's to enqueue, else 0 */
    @SqlUpdate(ScheduleStatements.ADVANCE)
    int advance(@Bind("name") String name, @Bind("revision") long revision, @Bind("expected") Long expected,
                @Bind("fire") long fire, @Bind("now") long now);
}
