package dev.taskhost.store.postgres.internal;

import java.util.Optional;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What an operator or a run does to a task besides running it: cancel, retry (R45, R47), progress (R48). */
interface TaskControlDao {

    /** A task's status and queue, as read under its row lock. */
    record Locked(String status, String queue) {
    }

    @SqlQuery("SELECT status, queue FROM <schema>.tasks WHERE owner = :owner AND id = :id FOR UPDATE")
    Optional<Locked> lock(@Bind("owner") String owner, @Bind("id") String id);

    @SqlUpdate("""
            UPDATE <schema>.tasks SET status = 'CANCELLED', updated_at = :now, ended_at = :now,
                lease_holder = NULL, lease_expires_at = NULL
            WHERE owner = :owner AND id = :id""")
    void cancel(@Bind("owner") String owner, @Bind("id") String id, @Bind("now") long now);

    /** Frees the slot of a run that left {@code RUNNING} other than by an outcome. */
    @SqlUpdate("UPDATE <schema>.queues SET running = running - 1 WHERE owner = :owner AND name = :queue")
    void freeSlot(@Bind("owner") String owner, @Bind("queue") String queue);

    @SqlUpdate("""
            UPDATE <schema>.tasks SET status = 'CANCELLED', updated_at = :now, ended_at = :now
            WHERE owner = :owner AND queue = :queue AND status = 'PENDING'""")
    int cancelPending(@Bind("owner") String owner, @Bind("queue") String queue, @Bind("now") long now);

    @SqlUpdate("""
            UPDATE <schema>.tasks t SET status = 'PENDING', attempt = 0, ready_at = :now, updated_at = :now,
                ended_at = NULL,
                -- R43: the key stays while it is free; an unfinished task that took it since keeps it.
                task_key = CASE WHEN EXISTS (
                        SELECT 1 FROM <schema>.tasks o WHERE o.owner = t.owner AND o.queue = t.queue
                          AND o.task_key = t.task_key AND o.status IN ('PENDING', 'RUNNING'))
                    THEN NULL ELSE t.task_key END
            WHERE owner = :owner AND id = :id""")
    void retry(@Bind("owner") String owner, @Bind("id") String id, @Bind("now") long now);

    /** Saves the progress of runs still running at their attempt; the arguments are PostgreSQL arrays. */
    @SqlUpdate("""
            UPDATE <schema>.tasks t SET progress_percent = p.percent, progress_note = p.note, progress_at = p.at
            FROM unnest(:ids, :attempts, :percents, :notes, :ats) AS p(id, attempt, percent, note, at)
            WHERE t.owner = :owner AND t.id = p.id AND t.attempt = p.attempt AND t.status = 'RUNNING'""")
    void saveProgress(@Bind("owner") String owner, @Bind("ids") Argument ids, @Bind("attempts") Argument attempts,
                      @Bind("percents") Argument percents, @Bind("notes") Argument notes, @Bind("ats") Argument ats);
}
