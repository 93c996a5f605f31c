package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.TaskRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;

/** Turns rows into the SPI's values. Explicit mappers: nothing of this module is opened to Jdbi. */
final class Rows {

    /** The columns {@link #task} reads. */
    static final String TASK_COLUMNS = "id, queue, status, message, attempt, created_at, updated_at, ready_at";
    /** The columns {@link #queue} reads. */
    static final String QUEUE_COLUMNS =
            "concurrency, max_retries, backoff_ms, delay_ms, retention_ms, timeout_ms";

    private Rows() {
    }

    static TaskRecord task(ResultSet row) throws SQLException {
        return new TaskRecord(row.getString("id"), row.getString("queue"), status(row.getString("status")),
                row.getString("message"), row.getInt("attempt"), instant(row, "created_at"),
                instant(row, "updated_at"), instant(row, "ready_at"));
    }

    static QueueConfig queue(ResultSet row) throws SQLException {
        return new QueueConfig(row.getInt("concurrency"), row.getInt("max_retries"),
                duration(row, "backoff_ms"), duration(row, "delay_ms"), duration(row, "retention_ms"),
                duration(row, "timeout_ms"));
    }

    /** A claimed task with its enqueue position, to put claims in order (R11). */
    record Claimed(ClaimedTask task, long seq) {
        /** Oldest ready first, ties in enqueue order. */
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
