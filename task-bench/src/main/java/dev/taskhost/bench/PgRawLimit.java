package dev.taskhost.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The raw-PostgreSQL limit: what plain JDBC connections reach on the plain jobs table
 * ({@link JobsTable#POSTGRES}), one transaction per step, on the same server as the host: single-row
 * insert transactions, then claim ({@code UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)}) +
 * finish transaction pairs that take those rows back out; from 1 connection and from 4 at once, each
 * on a fresh table.
 */
final class PgRawLimit {

    /** The queue the raw limit writes to. */
    static final String QUEUE = "raw";

    /**
     * Rates on one number of connections.
     *
     * @param inserts single-row insert transactions per second
     * @param pairs claim+finish transaction pairs per second
     */
    record Rates(double inserts, double pairs) {

        Rates better(Rates other) {
            return new Rates(Math.max(inserts, other.inserts), Math.max(pairs, other.pairs));
        }
    }

    /**
     * The raw limit of one measurement.
     *
     * @param oneConnection from 1 connection
     * @param fourConnections from 4 connections at once
     */
    record Result(Rates oneConnection, Rates fourConnections) {

        /** The better of two measurements, figure by figure: load from elsewhere only ever lowers them. */
        Result better(Result other) {
            return new Result(oneConnection.better(other.oneConnection), fourConnections.better(other.fourConnections));
        }
    }

    private PgRawLimit() {
    }

    /**
     * Measures in {@code schema}, which it creates; {@code count} steps of each kind per connection count.
     *
     * @throws Exception if PostgreSQL fails
     */
    static Result measure(PgServer server, String schema, int count, Progress progress) throws Exception {
        server.execute("CREATE SCHEMA " + schema);
        Rates one = measure(server, schema + ".jobs_1", 1, count, progress);
        Rates four = measure(server, schema + ".jobs_4", 4, count, progress);
        return new Result(one, four);
    }

    private static Rates measure(PgServer server, String table, int connections, int count, Progress progress)
            throws Exception {
        List<Connection> opened = new ArrayList<>();
        List<JobRows> rows = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                Connection connection = server.connect();
                opened.add(connection);
                if (i == 0) {
                    JobsTable.POSTGRES.create(connection, table);
                }
                rows.add(new JobRows(connection, JobsTable.POSTGRES, table, 100 + i));
            }
            int warmup = Sizes.warmup(count);
            progress.say("pg raw: %,d single-row insert transactions from %d connection(s) (after %,d to warm up)",
                    count, connections, warmup);
            // Each of Concurrently's threads takes the calls i ≡ thread (mod threads): its own connection.
            Concurrently.Call insert = i -> rows.get(i % connections).insert(QUEUE, Payloads.of(i, 0),
                    System.currentTimeMillis());
            Concurrently.time(connections, warmup, insert);
            long insertNanos = Concurrently.time(connections, count, insert);
            // A few more rows than claims: a claim skips the rows the other connections hold locked.
            Concurrently.time(connections, connections, insert);
            progress.say("pg raw: %,d claim+finish transaction pairs from %d connection(s) (after %,d to warm up)",
                    count, connections, warmup);
            Concurrently.Call pair = i -> {
                RawRows own = rows.get(i % connections);
                RawRows.Claimed task = own.claim(QUEUE, System.currentTimeMillis())
                        .orElseThrow(() -> new SQLException("queue '" + QUEUE + "' ran out of ready jobs"));
                own.finish(task, System.currentTimeMillis());
            };
            Concurrently.time(connections, warmup, pair);
            long pairNanos = Concurrently.time(connections, count, pair);
            return new Rates(count / (insertNanos / 1e9), count / (pairNanos / 1e9));
        } finally {
            Jdbc.closeAll(rows.stream().<Jdbc.Closeable>map(r -> r::close).toList());
            Jdbc.closeAll(opened.stream().<Jdbc.Closeable>map(c -> c::close).toList());
        }
    }
}
