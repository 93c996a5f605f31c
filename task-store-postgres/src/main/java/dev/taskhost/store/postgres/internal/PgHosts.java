package dev.taskhost.store.postgres.internal;

import dev.taskhost.core.QueueActivity;
import dev.taskhost.core.spi.HostBeat;
import dev.taskhost.core.spi.HostQueue;
import dev.taskhost.core.spi.LiveHost;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.argument.Argument;

/**
 * The hosts' heartbeats in the {@code hosts} table (schema version 3): each beat replaces its host's
 * one row, stamped on the database's clock, and deletes the rows of hosts whose beat ran out (hosts
 * killed without a clean close). Thread-safe.
 */
final class PgHosts {
    private static final long MINUTE_MILLIS = 60_000;

    private final Database database;
    private final Statements statements;

    PgHosts(Database database, Statements statements) {
        this.database = database;
        this.statements = statements;
    }

    void beat(HostBeat beat) {
        Objects.requireNonNull(beat, "beat");
        List<HostQueue> queues = beat.queues();
        String[] owners = queues.stream().map(HostQueue::owner).toArray(String[]::new);
        String[] names = queues.stream().map(HostQueue::queue).toArray(String[]::new);
        Integer[] running = queues.stream().map(HostQueue::running).toArray(Integer[]::new);
        long fromMinute = Long.MAX_VALUE;
        long endMinute = Long.MIN_VALUE;
        for (HostQueue q : queues) {
            long first = Math.floorDiv(q.activity().firstMinute().toEpochMilli(), MINUTE_MILLIS);
            fromMinute = Math.min(fromMinute, first);
            endMinute = Math.max(endMinute, first + q.activity().starts().size());
        }
        if (queues.isEmpty()) {
            fromMinute = 0;
            endMinute = 0;
        }
        List<Long> activity = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            QueueActivity a = queues.get(i).activity();
            long first = Math.floorDiv(a.firstMinute().toEpochMilli(), MINUTE_MILLIS);
            for (int m = 0; m < a.starts().size(); m++) {
                long s = a.starts().get(m);
                long c = a.completions().get(m);
                long f = a.failures().get(m);
                if (s != 0 || c != 0 || f != 0) {
                    activity.addAll(List.of((long) i, first + m, s, c, f));
                }
            }
        }
        long from = fromMinute;
        int minutes = (int) Math.min(Integer.MAX_VALUE, endMinute - fromMinute);
        long liveMillis = millis(beat.liveFor());
        database.transaction("record the heartbeat of host " + beat.hostId(), handle -> {
            handle.createUpdate(statements.sql("DELETE FROM {S}.hosts WHERE expires_at <= now() AND id <> :id"))
                    .bind("id", beat.hostId()).execute();
            handle.createUpdate(statements.sql("""
                    INSERT INTO {S}.hosts (id, name, pid, started_at, last_seen, expires_at, owners, queues, running,
                                           activity_from, activity_minutes, activity)
                    VALUES (:id, :name, :pid, :started, now(), now() + :live * interval '1 millisecond', :owners,
                            :queues, :running, :from, :minutes, :activity)
                    ON CONFLICT (id) DO UPDATE SET
                        name = excluded.name, pid = excluded.pid, started_at = excluded.started_at,
                        last_seen = excluded.last_seen, expires_at = excluded.expires_at, owners = excluded.owners,
                        queues = excluded.queues, running = excluded.running, activity_from = excluded.activity_from,
                        activity_minutes = excluded.activity_minutes, activity = excluded.activity"""))
                    .bind("id", beat.hostId())
                    .bind("name", beat.hostName())
                    .bind("pid", beat.pid())
                    .bind("started", beat.startedAt().toEpochMilli())
                    .bind("live", liveMillis)
                    .bind("owners", array("text", owners))
                    .bind("queues", array("text", names))
                    .bind("running", array("integer", running))
                    .bind("from", from * MINUTE_MILLIS)
                    .bind("minutes", minutes)
                    .bind("activity", array("bigint", activity.toArray()))
                    .execute();
            return null;
        });
    }

    void forget(String hostId) {
        Objects.requireNonNull(hostId, "hostId");
        database.write("remove the heartbeat of host " + hostId, handle ->
                handle.createUpdate(statements.sql("DELETE FROM {S}.hosts WHERE id = :id")).bind("id", hostId)
                        .execute());
    }

    List<LiveHost> live() {
        return database.read("list the live hosts", handle -> handle.createQuery(statements.sql("""
                SELECT id, name, pid, started_at, last_seen, owners, queues, running, activity_from,
                       activity_minutes, activity
                FROM {S}.hosts WHERE expires_at > now() ORDER BY name, id"""))
                .map((rows, ctx) -> host(rows)).list());
    }

    private static LiveHost host(ResultSet rows) throws SQLException {
        String[] owners = (String[]) array(rows.getArray("owners"));
        String[] queues = (String[]) array(rows.getArray("queues"));
        Integer[] running = (Integer[]) array(rows.getArray("running"));
        Long[] activity = (Long[]) array(rows.getArray("activity"));
        long fromMinute = Math.floorDiv(rows.getLong("activity_from"), MINUTE_MILLIS);
        int minutes = rows.getInt("activity_minutes");
        long[][][] counts = new long[queues.length][3][minutes];
        for (int k = 0; k + 4 < activity.length; k += 5) {
            int i = (int) (long) activity[k];
            long offset = activity[k + 1] - fromMinute;
            if (i >= 0 && i < queues.length && offset >= 0 && offset < minutes) {
                for (int kind = 0; kind < 3; kind++) {
                    counts[i][kind][(int) offset] = activity[k + 2 + kind];
                }
            }
        }
        Instant first = Instant.ofEpochMilli(fromMinute * MINUTE_MILLIS);
        List<HostQueue> runs = new ArrayList<>();
        for (int i = 0; i < queues.length; i++) {
            runs.add(new HostQueue(owners[i], queues[i], running[i], new QueueActivity(first, boxed(counts[i][0]),
                    boxed(counts[i][1]), boxed(counts[i][2]))));
        }
        return new LiveHost(rows.getString("id"), rows.getString("name"), rows.getLong("pid"),
                Instant.ofEpochMilli(rows.getLong("started_at")), rows.getTimestamp("last_seen").toInstant(), runs);
    }

    private static Object[] array(Array array) throws SQLException {
        try {
            return (Object[]) array.getArray();
        } finally {
            array.free();
        }
    }

    private static List<Long> boxed(long[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static long millis(java.time.Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /** A Java array bound as a PostgreSQL array of that element type. */
    private static Argument array(String elementType, Object[] values) {
        return (position, statement, ctx) ->
                statement.setArray(position, statement.getConnection().createArrayOf(elementType, values));
    }
}
