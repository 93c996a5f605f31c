package dev.taskhost.store.sqlite.internal;

import dev.taskhost.core.spi.ScheduleFire;
import dev.taskhost.core.spi.StoredSchedule;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** The statements on the schedules table (R50, R51), which {@link ScheduleDao} declares. */
final class ScheduleStatements {
    static final String COLUMNS = "name, queue, spec, payload, anchor_at, last_fire_at, revision";

    /** Stores a new schedule, or replaces one that differs; an equal one is left with its anchor and last fire. */
    static final String SAVE = """
            INSERT INTO schedules (name, queue, spec, payload, anchor_at, last_fire_at, revision, updated_at)
            VALUES (:name, :queue, :spec, :payload, :now, NULL, 1, :now)
            ON CONFLICT (name) DO UPDATE SET
                queue = excluded.queue, spec = excluded.spec, payload = excluded.payload,
                anchor_at = excluded.anchor_at, last_fire_at = NULL, revision = revision + 1,
                updated_at = excluded.updated_at
             WHERE NOT (queue = excluded.queue AND spec = excluded.spec AND payload = excluded.payload)""";

    /** The guard of a fire (R51): the revision and last fire read, and a fire time after the last. */
    static final String ADVANCE = """
            UPDATE schedules SET last_fire_at = :fire, updated_at = :now
             WHERE name = :name AND revision = :revision AND last_fire_at IS :expected
               AND :fire > coalesce(last_fire_at, anchor_at)""";

    private ScheduleStatements() {
    }

    static StoredSchedule schedule(ResultSet row) throws SQLException {
        long lastFire = row.getLong("last_fire_at");
        Optional<Instant> last = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastFire));
        return new StoredSchedule(row.getString("name"), row.getString("queue"), row.getString("spec"),
                row.getBytes("payload"), Instant.ofEpochMilli(row.getLong("anchor_at")), last, row.getLong("revision"));
    }

    /** Advances the schedule's last fire if the guard holds; true if it did. */
    static boolean advance(ScheduleDao schedules, ScheduleFire fire) {
        StoredSchedule read = fire.schedule();
        return schedules.advance(read.name(), read.revision(), read.lastFire().map(Instant::toEpochMilli).orElse(null),
                fire.at().toEpochMilli(), fire.task().createdAt().toEpochMilli()) == 1;
    }
}
