package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/** Turns rows into the SPI's values: explicit mappers, which {@link Daos} registers and the plain JDBC statements call. */
final class Rows {

    /** The columns {@link #task} reads. */
    static final String TASK_COLUMNS = "seq, id, queue, status, message, attempt, created_at, updated_at, ready_at, "
            + "priority, key, progress_percent, progress_note, progress_at";
    /** The columns {@link #queue} reads. */
    static final String QUEUE_COLUMNS =
            "name, concurrency, max_retries, backoff_ms, delay_ms, retention_ms, timeout_ms, paused, last_start_at";

    private Rows() {
    }

    static TaskRecord task(ResultSet row) throws SQLException {
        return new TaskRecord(row.getString("id"), row.getString("queue"), status(row.getString("status")),
                row.getString("message"), row.getInt("attempt"), instant(row, "created_at"),
                instant(row, "updated_at"), instant(row, "ready_at"), row.getInt("priority"),
                Optional.ofNullable(row.getString("key")), progress(row));
    }

    private static Optional<TaskProgress> progress(ResultSet row) throws SQLException {
        long at = row.getLong("progress_at");
        if (row.wasNull()) {
            return Optional.empty();
        }
        return Optional.of(new TaskProgress(row.getInt("progress_percent"), row.getString("progress_note"),
                Instant.ofEpochMilli(at)));
    }

    /** The queue as stored; its columns are {@link #QUEUE_COLUMNS}. */
    static StoredQueue storedQueue(ResultSet row) throws SQLException {
        long lastStart = row.getLong("last_start_at");
        Optional<Instant> last = row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastStart));
        return new StoredQueue(row.getString("name"), queue(row), row.getInt("paused") != 0, last);
    }

    static QueueConfig queue(ResultSet row) throws SQLException {
        return new QueueConfig(row.getInt("concurrency"), row.getInt("max_retries"),
                duration(row, "backoff_ms"), duration(row, "delay_ms"), duration(row, "retention_ms"),
                duration(row, "timeout_ms"));
    }

    /** A claimed task with its enqueue position, to put claims in order (R11). */
    record Claimed(ClaimedTask task, long seq) {
        /** Oldest ready first, ties in enqueue order; claims of one priority level are sorted by it. */
        static final Comparator<Claimed> ORDER = Comparator
                .comparing((Claimed claimed) -> claimed.task().readyAt())
                .thenComparingLong(Claimed::seq);
    }

    static Claimed claimed(ResultSet row) throws SQLException {
        byte[] payload = row.getBytes("payload");
        ClaimedTask task = new ClaimedTask(row.getString("id"), row.getString("queue"),
                payload == null ? new byte[0] : payload, // the driver reads an empty blob as null
                row.getInt("attempt"), instant(row, "ready_at"));
        return new Claimed(task, row.getLong("seq"));
    }

    static TaskStatus status(String stored) throws SQLException {
        try {
            return TaskStatus.valueOf(stored);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SQLException("unknown task status '" + stored + "' in the database", e);
        }
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        return Instant.ofEpochMilli(row.getLong(column));
    }

    private static Duration duration(ResultSet row, String column) throws SQLException {
        return Duration.ofMillis(row.getLong(column));
    }

    /** Milliseconds of a duration, as stored; saturated rather than overflowing. */
    static long millis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }
}
