package dev.taskhost.bench;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Starts while a million finished tasks expire at once (issue 14, R21): finished tasks written through
 * raw JDBC into the store's file, all with the same finish time, so that they expire together a few
 * seconds after the host is up; meanwhile one producer enqueues into a queue of concurrency 1 at a
 * steady pace, open loop, and each task's enqueue-to-start delay is kept with when it was due. The
 * starts due before the expiry are the baseline; those due from the expiry until the last expired row
 * is gone are the ones the sweep could delay.
 */
final class RetentionBench {

    static final String QUEUE = "retention";
    /** The seeded tasks finished at least this long before they expire: the shortest retention (R7). */
    private static final Duration RETENTION = Duration.ofMinutes(1);
    /** Starts per second offered during the whole measurement. */
    static final int STARTS_PER_SECOND = 500;
    /** How long the host runs under the load before the expiry. */
    private static final long BEFORE_EXPIRY_MILLIS = 4_000;
    private static final long AFTER_SWEEP_MILLIS = 1_000;
    private static final long MAX_SWEEP_MILLIS = TimeUnit.MINUTES.toMillis(5);
    private static final int BATCH = 10_000;

    /**
     * @param expired finished tasks that expired at once
     * @param beforeExpiry enqueue-to-start of the starts due before the expiry
     * @param duringSweep enqueue-to-start of the starts due while expired tasks were left
     * @param sweepNanos from the expiry until no expired task was left
     */
    record Result(int expired, LatencySample beforeExpiry, LatencySample duringSweep, long sweepNanos) {
    }

    private RetentionBench() {
    }

    /**
     * @throws Exception if the host or SQLite fails, or the sweep takes longer than five minutes
     */
    static Result measure(Path data, Durability durability, int expired, Progress progress) throws Exception {
        // Seeded under a retention of a day, so nothing expires while the host starts (its start
        // sweeps synchronously); the queue's retention is then set so that every row expires a few
        // seconds into the measurement, as a retention change does (R21).
        QueueConfig holding = QueueConfig.builder().concurrency(1).retention(Duration.ofDays(1)).build();
        try (TaskHost host = Hosts.open(data, durability)) {
            host.service(Hosts.OWNER, Hosts.BUDGET, task -> "").createQueue(QUEUE, holding);
        }
        progress.say("retention: %,d finished tasks through raw JDBC, expiring together", expired);
        long finishedAt = System.currentTimeMillis() - RETENTION.toMillis();
        long maxSeq = seed(data, durability, expired, finishedAt);
        long hostUp = System.currentTimeMillis();
        long expiryAt = hostUp + BEFORE_EXPIRY_MILLIS;
        QueueConfig config = QueueConfig.builder().concurrency(1)
                .retention(Duration.ofMillis(expiryAt - finishedAt)).build();

        int capacity = (int) ((expiryAt - hostUp + MAX_SWEEP_MILLIS + AFTER_SWEEP_MILLIS) / 1000 * STARTS_PER_SECOND);
        long[] latency = new long[capacity];
        long[] due = new long[capacity];
        AtomicInteger started = new AtomicInteger();
        try (TaskHost host = Hosts.open(data, durability);
             Connection reader = RawSqlite.open(StoreLayout.databaseFile(data), durability);
             PreparedStatement left = reader.prepareStatement("SELECT 1 FROM tasks WHERE seq <= ? LIMIT 1")) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                long now = System.nanoTime();
                int index = (int) Payloads.index(task.payload());
                latency[index] = now - Payloads.nanos(task.payload());
                started.incrementAndGet();
                return "";
            });
            service.createQueue(QUEUE, config);
            left.setLong(1, maxSeq);
            long start = System.nanoTime();
            long expiryNanos = start + TimeUnit.MILLISECONDS.toNanos(expiryAt - System.currentTimeMillis());
            long interval = TimeUnit.SECONDS.toNanos(1) / STARTS_PER_SECOND;
            long sweptNanos = -1;
            long stopNanos = Long.MAX_VALUE;
            long nextCheck = expiryNanos;
            int count = 0;
            for (; count < capacity; count++) {
                long dueNanos = start + count * interval;
                if (dueNanos >= stopNanos) {
                    break;
                }
                long wait;
                while ((wait = dueNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                due[count] = dueNanos;
                service.enqueue(QUEUE, Payloads.of(count, dueNanos));
                if (sweptNanos < 0 && dueNanos >= nextCheck) {
                    nextCheck = dueNanos + TimeUnit.MILLISECONDS.toNanos(100);
                    if (!anyLeft(left)) {
                        sweptNanos = System.nanoTime();
                        stopNanos = sweptNanos + TimeUnit.MILLISECONDS.toNanos(AFTER_SWEEP_MILLIS);
                        progress.say("retention: swept %,d expired tasks in %.2f s", expired,
                                (sweptNanos - expiryNanos) / 1e9);
                    }
                }
            }
            if (sweptNanos < 0) {
                throw new IllegalStateException("expired tasks were still left " + MAX_SWEEP_MILLIS + " ms after the expiry");
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (started.get() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the timed tasks did not all start within a minute");
                }
                TimeUnit.MILLISECONDS.sleep(1);
            }
            return new Result(expired, sample(latency, due, count, Long.MIN_VALUE, expiryNanos),
                    sample(latency, due, count, expiryNanos, sweptNanos), sweptNanos - expiryNanos);
        }
    }

    private static boolean anyLeft(PreparedStatement left) throws SQLException {
        try (ResultSet row = left.executeQuery()) {
            return row.next();
        }
    }

    /** The delays of the starts due in {@code [from, to)}. */
    private static LatencySample sample(long[] latency, long[] due, int count, long from, long to) {
        long[] chosen = new long[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (due[i] >= from && due[i] < to) {
                chosen[n++] = latency[i];
            }
        }
        return n == 0 ? new LatencySample(0, 0, 0, 0) : LatencySample.of(Arrays.copyOf(chosen, n), n);
    }

    /** @return the highest seq written */
    private static long seed(Path data, Durability durability, int rows, long finishedAt) throws SQLException {
        SplittableRandom random = new SplittableRandom(14);
        try (Connection connection = RawSqlite.open(StoreLayout.databaseFile(data), durability);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO tasks (id, queue, status, payload, message, attempt, created_at, updated_at,
                                        ready_at, finished_at, priority, key)
                     VALUES (?, ?, 'COMPLETED', ?, '', 1, ?, ?, ?, ?, 0, NULL)""")) {
            connection.setAutoCommit(false);
            for (int row = 0; row < rows; row++) {
                // Ids as the host made them for tasks enqueued one per millisecond, in seq order.
                insert.setString(1, Jdbc.storeId(random, finishedAt - rows + row));
                insert.setString(2, QUEUE);
                insert.setBytes(3, Payloads.of(row, 0));
                insert.setLong(4, finishedAt);
                insert.setLong(5, finishedAt);
                insert.setLong(6, finishedAt);
                insert.setLong(7, finishedAt);
                insert.addBatch();
                if ((row + 1) % BATCH == 0 || row + 1 == rows) {
                    insert.executeBatch();
                    connection.commit();
                }
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                try (ResultSet max = statement.executeQuery("SELECT max(seq) FROM tasks")) {
                    max.next();
                    return max.getLong(1);
                }
            }
        }
    }

    /** The scenario's lines for the report, in markdown. */
    static String render(Result result) {
        StringBuilder out = new StringBuilder();
        out.append("\n| retention: ").append(Format.count(result.expired()))
                .append(" finished tasks expiring at once, starts at ").append(STARTS_PER_SECOND)
                .append("/s into a queue of concurrency 1 | enqueue-to-start p50 / p99 / max | starts |\n");
        out.append("|---|---:|---:|\n");
        out.append("| before the expiry | ").append(Format.latencies(result.beforeExpiry())).append(" | ")
                .append(Format.count(result.beforeExpiry().count())).append(" |\n");
        out.append("| during the sweep (").append(Format.significant(result.sweepNanos() / 1e9)).append(" s, ")
                .append(Format.count(Math.round(result.expired() / (result.sweepNanos() / 1e9))))
                .append(" tasks/s deleted) | ").append(Format.latencies(result.duringSweep())).append(" | ")
                .append(Format.count(result.duringSweep().count())).append(" |\n");
        double worstMillis = result.duringSweep().max() / 1e6;
        out.append("\n| target | measured | verdict |\n|---|---:|---|\n");
        out.append("| retention: no start delayed more than 10 ms while expired tasks are swept | ")
                .append(Format.millis(result.duringSweep().max())).append(" max | ")
                .append(worstMillis <= 10 ? "met" : "missed").append(" |\n");
        return out.toString();
    }
}
