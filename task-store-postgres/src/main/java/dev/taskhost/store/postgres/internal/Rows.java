package dev.taskhost.store.postgres.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.StoredSchedule;
import dev.taskhost.core.spi.TaskRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Turns rows into the SPI's values: the row mappers that {@link Daos} registers. */
final class Rows {

    /** The columns {@link #storedQueue} reads. */
    static final String QUEUE_COLUMNS = "name, concurrency, max_retries, backoff, delay, retention, timeout, paused, "
            + "last_start";
    /** The columns {@link #storedSchedule} reads. */
    static final String SCHEDULE_COLUMNS = "name, queue, spec, payload, anchor_at, last_fire_at, revision";

    private Rows() {
    }

    /** A task as {@link PgOwnerStore#TASK_COLUMNS} reads it. */
    static TaskRecord taskRecord(ResultSet rs) throws SQLException {
        int percent = rs.getInt("progress_percent");
        Optional<TaskProgress> progress = rs.wasNull() ? Optional.empty()
                : Optional.of(new TaskProgress(percent, rs.getString("progress_note"),
                        Instant.ofEpochMilli(rs.getLong("progress_at"))));
        return new TaskRecord(rs.getString("id"), rs.getString("queue"), TaskStatus.valueOf(rs.getString("status")),
                rs.getString("message"), rs.getInt("attempt"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")), Instant.ofEpochMilli(rs.getLong("ready_at")),
                rs.getInt("priority"), Optional.ofNullable(rs.getString("task_key")), progress);
    }

    static StoredQueue storedQueue(ResultSet rs) throws SQLException {
        return new StoredQueue(rs.getString("name"),
                new QueueConfig(rs.getInt("concurrency"), rs.getInt("max_retries"),
                        Duration.parse(rs.getString("backoff")), Duration.parse(rs.getString("delay")),
                        Duration.parse(rs.getString("retention")), Duration.parse(rs.getString("timeout"))),
                rs.getBoolean("paused"), instant(rs, "last_start"));
    }

    static StoredSchedule storedSchedule(ResultSet rs) throws SQLException {
        return new StoredSchedule(rs.getString("name"), rs.getString("queue"), rs.getString("spec"),
                rs.getBytes("payload"), Instant.ofEpochMilli(rs.getLong("anchor_at")), instant(rs, "last_fire_at"),
                rs.getLong("revision"));
    }

    static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }
}
