package dev.taskhost.bench;

import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The raw-SQLite limit: what one plain JDBC connection on sqlite-jdbc reaches with the store's
 * settings, one transaction per step, on the same file system as the host's data; on the plain
 * jobs table a user would write ({@link JobsTable}), which is the reference, and on the store's own
 * schema ({@link RawSchema}) beside it.
 */
final class RawLimit {

    /** The queue the raw limit writes to. */
    static final String QUEUE = "raw";
    /** The plain table's name. */
    static final String JOBS = "jobs";

    private RawLimit() {
    }

    /**
     * The raw limit in new databases in {@code directory}, on each table: {@code count} single-row
     * insert transactions, then {@code count} claim+finish transaction pairs that take those rows back
     * out. Both are preceded by an untimed warm-up.
     *
     * @return the measurements on both tables
     * @throws SQLException if SQLite fails
     */
    static RawReference measure(Path directory, Durability durability, int count, Progress progress)
            throws SQLException {
        RawResult plain;
        try (Connection connection = RawSqlite.open(directory.resolve("raw-jobs.db"), durability)) {
            JobsTable.SQLITE.create(connection, JOBS);
            try (JobRows rows = new JobRows(connection, JobsTable.SQLITE, JOBS, 42)) {
                plain = measure(rows, "plain jobs table", count, progress);
            }
        }
        RawResult store;
        try (Connection connection = RawSqlite.open(directory.resolve("raw-store.db"), durability)) {
            RawSchema.create(connection, QUEUE);
            try (TaskRows rows = new TaskRows(connection, 43)) {
                store = measure(rows, "store's schema", count, progress);
            }
        }
        return new RawReference(plain, store);
    }

    private static RawResult measure(RawRows rows, String table, int count, Progress progress)
            throws SQLException {
        int warmup = Sizes.warmup(count);
        progress.say("raw, %s: %,d single-row insert transactions (after %,d to warm up)", table, count, warmup);
        RawSteps inserts = inserts(rows, QUEUE, warmup, count);
        progress.say("raw, %s: %,d claim+finish transaction pairs (after %,d to warm up)", table, count, warmup);
        RawSteps pairs = claimFinishPairs(rows, QUEUE, warmup, count);
        return new RawResult(inserts, pairs);
    }

    /** {@code warmup} untimed, then {@code count} timed single-row insert transactions into {@code queue}. */
    static RawSteps inserts(RawRows rows, String queue, int warmup, int count) throws SQLException {
        for (int i = 0; i < warmup; i++) {
            rows.insert(queue, Payloads.of(i, 0), System.currentTimeMillis());
        }
        long[] latencies = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            byte[] payload = Payloads.of(i, 0);
            long at = System.currentTimeMillis();
            long before = System.nanoTime();
            rows.insert(queue, payload, at);
            latencies[i] = System.nanoTime() - before;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RawSteps(count / seconds, LatencySample.of(latencies, count));
    }

    /**
     * {@code warmup} untimed, then {@code count} timed claim+finish transaction pairs on {@code queue},
     * which must hold that many ready tasks.
     *
     * @throws SQLException if SQLite fails, or the queue runs out of ready tasks
     */
    static RawSteps claimFinishPairs(RawRows rows, String queue, int warmup, int count) throws SQLException {
        for (int i = 0; i < warmup; i++) {
            claimAndFinish(rows, queue);
        }
        long[] claimLatencies = new long[count];
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            claimLatencies[i] = claimAndFinish(rows, queue);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RawSteps(count / seconds, LatencySample.of(claimLatencies, count));
    }

    /** One claim and one finish; returns how long the claim took, in nanoseconds. */
    private static long claimAndFinish(RawRows rows, String queue) throws SQLException {
        long before = System.nanoTime();
        RawRows.Claimed task = rows.claim(queue, System.currentTimeMillis())
                .orElseThrow(() -> new SQLException("queue '" + queue + "' ran out of ready tasks"));
        long claimed = System.nanoTime() - before;
        rows.finish(task, System.currentTimeMillis());
        return claimed;
    }
}
