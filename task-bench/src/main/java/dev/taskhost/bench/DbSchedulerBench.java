package dev.taskhost.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The db-scheduler peer (16.x) on the same server and the same no-op workload: one-time tasks scheduled
 * for now with {@code SchedulerClient.scheduleIfNotExists}, run by a {@link Scheduler} with 4 threads,
 * the lock-and-fetch polling strategy ({@code SELECT … FOR UPDATE SKIP LOCKED} that marks the batch
 * picked) and immediate execution, polling every {@link #POLL}. Its table is the documented PostgreSQL
 * DDL, in a schema of its own per scenario; its connections come from a HikariCP pool of
 * {@link #POOL} on that schema.
 */
final class DbSchedulerBench {

    /** The scheduler's poll interval: db-scheduler's default is 10 s; 1 s matches taskhost's fallback poll. */
    static final Duration POLL = Duration.ofSeconds(1);
    /** Executor threads, as taskhost's concurrency 4. */
    static final int THREADS = 4;
    /** The pool, as taskhost's default. */
    static final int POOL = 10;
    /** Lock-and-fetch: fetch again when fewer than 0.5 × threads are queued, up to 1 × threads per fetch. */
    static final double LOWER_LIMIT = 0.5;
    static final double UPPER_LIMIT = 1.0;
    /** Cross-node samples at most: each waits for a poll, about half the interval. */
    static final int LATENCY_SAMPLES = 30;

    private static final String DDL = """
            create table scheduled_tasks (
              task_name text not null,
              task_instance text not null,
              task_data bytea,
              execution_time timestamp with time zone not null,
              picked boolean not null,
              picked_by text,
              last_success timestamp with time zone,
              last_failure timestamp with time zone,
              consecutive_failures int,
              last_heartbeat timestamp with time zone,
              version bigint not null,
              priority smallint,
              primary key (task_name, task_instance)
            );
            create index execution_time_idx on scheduled_tasks (execution_time);
            create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
            create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
            """;

    /**
     * The peer's figures; a figure that was not measured is negative.
     *
     * @param enqueueOne scheduleIfNotExists calls per second from 1 thread
     * @param enqueueFour the same from 4 threads
     * @param drain no-op executions per second from a backlog, 4 threads
     * @param crossNode schedule-to-start when one node's client schedules and another node's scheduler runs it
     */
    record Result(double enqueueOne, double enqueueFour, double drain, LatencySample crossNode) {
    }

    private DbSchedulerBench() {
    }

    /** What the report says about the peer's setup. */
    static String describe() {
        return "db-scheduler 16.7.1 (automatic module com.github.kagkarlsson.scheduler on the module path), "
                + "its documented PostgreSQL table, HikariCP pool of " + POOL + ", " + THREADS
                + " threads, pollUsingLockAndFetch(" + LOWER_LIMIT + ", " + UPPER_LIMIT
                + "), enableImmediateExecution(), polling interval " + POLL.toMillis() + " ms (its default is 10 s)";
    }

    /** Runs every peer figure, each in a fresh schema. */
    static Result measure(PgServer server, int enqueue, int drain, int latencySamples, Progress progress)
            throws Exception {
        progress.say("db-scheduler enqueue: %,d calls from 1 thread", enqueue);
        double one = server.inFreshSchema("dbs-enqueue-1", schema -> enqueue(server, schema, 1, enqueue));
        progress.say("db-scheduler enqueue: %,d calls from 4 threads", enqueue);
        double four = server.inFreshSchema("dbs-enqueue-4", schema -> enqueue(server, schema, 4, enqueue));
        double rate = server.inFreshSchema("dbs-drain", schema -> drain(server, schema, drain, progress));
        progress.say("db-scheduler cross-node latency: %,d samples (poll %d ms)", latencySamples, POLL.toMillis());
        LatencySample latency = server.inFreshSchema("dbs-latency",
                schema -> crossNode(server, schema, latencySamples));
        return new Result(one, four, rate, latency);
    }

    private static HikariDataSource pool(PgServer server, String schema) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(server.url());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setSchema(schema);
        config.setMaximumPoolSize(POOL);
        config.setPoolName("db-scheduler-" + schema);
        return new HikariDataSource(config);
    }

    private static void createTable(PgServer server, String schema) throws Exception {
        server.execute("create schema " + schema + ";\nset search_path to " + schema + ";\n" + DDL);
    }

    private static OneTimeTask<Void> noop(Runnable onRun) {
        return Tasks.oneTime("noop").execute((instance, context) -> onRun.run());
    }

    static double enqueue(PgServer server, String schema, int threads, int count) throws Exception {
        createTable(server, schema);
        OneTimeTask<Void> task = noop(() -> {
        });
        try (HikariDataSource pool = pool(server, schema)) {
            SchedulerClient client = SchedulerClient.Builder.create(pool, task).build();
            Concurrently.time(threads, Sizes.warmup(count),
                    i -> client.scheduleIfNotExists(task.instance("w" + i), Instant.now()));
            long nanos = Concurrently.time(threads, count,
                    i -> client.scheduleIfNotExists(task.instance("t" + i), Instant.now()));
            return count / (nanos / 1e9);
        }
    }

    static double drain(PgServer server, String schema, int backlog, Progress progress) throws Exception {
        createTable(server, schema);
        CountDownLatch done = new CountDownLatch(backlog);
        OneTimeTask<Void> task = noop(done::countDown);
        try (HikariDataSource pool = pool(server, schema)) {
            progress.say("db-scheduler drain: a backlog of %,d through scheduleIfNotExists", backlog);
            SchedulerClient client = SchedulerClient.Builder.create(pool, task).build();
            Instant now = Instant.now();
            Concurrently.time(4, backlog, i -> client.scheduleIfNotExists(task.instance("t" + i), now));
            progress.say("db-scheduler drain: %,d no-op executions, %d threads", backlog, THREADS);
            Scheduler scheduler = scheduler(pool, task);
            long start = System.nanoTime();
            scheduler.start();
            try {
                DrainBench.awaitAll(done, backlog, "the db-scheduler drain");
                return backlog / ((System.nanoTime() - start) / 1e9);
            } finally {
                scheduler.stop();
            }
        }
    }

    static LatencySample crossNode(PgServer server, String schema, int samples) throws Exception {
        createTable(server, schema);
        BlockingQueue<Long> started = new LinkedBlockingQueue<>();
        AtomicLong scheduledAt = new AtomicLong();
        OneTimeTask<Void> task = noop(() -> started.add(System.nanoTime() - scheduledAt.get()));
        try (HikariDataSource pool = pool(server, schema)) {
            Scheduler runner = scheduler(pool, task);
            runner.start();
            try {
                SchedulerClient producer = SchedulerClient.Builder.create(pool, task).build();
                long[] latencies = new long[samples];
                for (int i = 0; i < samples + 1; i++) {
                    // A random moment within the poll interval, so that the samples do not all fall just after
                    // the fetch that follows each execution.
                    Thread.sleep(ThreadLocalRandom.current().nextLong(POLL.toMillis()));
                    scheduledAt.set(System.nanoTime());
                    producer.scheduleIfNotExists(task.instance("t" + i), Instant.now());
                    Long latency = started.poll(1, TimeUnit.MINUTES);
                    if (latency == null) {
                        throw new IllegalStateException("db-scheduler did not start a task within a minute");
                    }
                    if (i > 0) {
                        latencies[i - 1] = latency;
                    }
                }
                return LatencySample.of(latencies, samples);
            } finally {
                runner.stop();
            }
        }
    }

    private static Scheduler scheduler(HikariDataSource pool, OneTimeTask<Void> task) {
        return Scheduler.create(pool, task)
                .threads(THREADS)
                .pollUsingLockAndFetch(LOWER_LIMIT, UPPER_LIMIT)
                .pollingInterval(POLL)
                .enableImmediateExecution()
                .shutdownMaxWait(Duration.ofSeconds(1))
                .build();
    }
}
