package dev.taskhost.bench;

import dev.taskhost.store.sqlite.Durability;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The benchmark of the real host on SQLite. Run it from the repository root with
 *
 * <pre>{@code
 * mvn -B -q -pl task-bench -am package -DskipTests && java -p task-bench/target/modules --add-modules ALL-MODULE-PATH -m dev.taskhost.bench/dev.taskhost.bench.Bench
 * }</pre>
 *
 * <p>({@code --quick} for small sizes, {@code --help} for every option; {@code --add-modules} because
 * Jdbi is an automatic module that declares none of its own dependencies). It prints one markdown
 * table per durability setting to standard output, and its progress to standard error.
 *
 * <p>Every figure is set beside the raw-SQLite limit that the same harness measures in the same run,
 * on the same file system, with the same settings: single-row insert transactions, and claim
 * ({@code UPDATE … RETURNING}) + finish ({@code UPDATE}) transaction pairs, on one plain JDBC
 * connection. The reference is the plain jobs table a user would write ({@link JobsTable}); the same
 * on the store's own schema is printed beside it (issue 14). It is measured before and after the
 * scenarios and the better of the two is the limit, as load from elsewhere on a shared machine only
 * ever lowers it.
 * Each scenario runs on a fresh data directory:
 * <ul>
 * <li>{@code enqueue}: calls per second from 1 and 4 threads into a queue that holds its tasks
 *     (a delay of a day), each call durable before it returns;
 * <li>{@code drain}: no-op tasks per second at concurrency 1 and 4 from a backlog, timed from
 *     {@code createQueue} on a freshly built host to the last worker call;
 * <li>{@code latency}: enqueue-to-start p50/p99/max at an idle host, and under an open-loop steady
 *     load of half the drain rate at concurrency 4;
 * <li>{@code backlog}: a million pending tasks in one queue and ten queues of 10k beside it: the
 *     enqueue rate, the time per start compared with a small backlog, heap used after GC, and the
 *     time from {@code TaskHost.builder()} to the first start after a restart;
 * <li>{@code retention} (only when named): as many finished tasks as the backlog expiring at once
 *     while starts are timed ({@link RetentionBench}), after the other scenarios' report.
 * <li>{@code owners} (not by default): one owner with 2 queues draining a backlog, then 64 owners
 *     with 2 queues each draining the same total at once; the live threads and open files at the peak
 *     and after the idle close ({@link ManyOwnersBench}).
 * </ul>
 *
 * <p>This is a plain harness, not JMH: the figures are whole-lifecycle measurements (build a host,
 * fill a backlog, restart, time until a latch in a worker falls, pace an open-loop producer, read the
 * heap after a collection). Each is a single wall-clock run across the host's own threads, with a
 * setup of seconds to minutes; JMH measures a method called in a loop on the benchmark's threads and
 * repeats the setup per fork and iteration, which fits none of that. Warm-ups are explicit where a
 * loop is timed.
 *
 * <p>No figure is asserted anywhere; the build runs only a smoke run with tiny sizes.
 */
public final class Bench {

    private static final double MAX_LOAD_DRAIN = 20_000;

    private Bench() {
    }

    /**
     * Runs the benchmark with the options in {@code args}; exits with status 2 on a bad option.
     *
     * @throws Exception if a scenario fails
     */
    public static void main(String[] args) throws Exception {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the benchmark, printing the report to {@code out} and progress and errors to {@code err}.
     *
     * @return 0, or 2 if an option was bad
     * @throws Exception if a scenario fails
     */
    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        DataDirs dirs;
        try {
            dirs = DataDirs.create(options.directory(), options.keep());
        } catch (IllegalArgumentException e) {
            return usageError(err, e.getMessage());
        }
        try (dirs) {
            Progress progress = new Progress(err);
            progress.say("data in %s", dirs.root());
            Machine machine = Machine.describe(dirs.root());
            out.println("# taskhost benchmark");
            out.println();
            if (options.runsSqlite()) {
                for (Durability durability : options.durabilities()) {
                    RunResult result = runAll(options, durability, dirs, progress);
                    out.print(Report.render(machine, result));
                    if (options.runs(Scenario.RETENTION)) {
                        String prefix = durability.name().toLowerCase(Locale.ROOT) + "-";
                        RetentionBench.Result retention = dirs.inFresh(prefix + "retention",
                                dir -> RetentionBench.measure(dir, durability, options.sizes().backlog(), progress));
                        out.print(RetentionBench.render(retention));
                        out.printf("- load average (1 min) after the retention scenario: %s%n",
                                Format.load(Machine.loadAverage()));
                    }
                    out.flush();
                }
            }
            if (options.runsPostgres()) {
                PgRunResult result = dirs.inFresh("postgres-server", dir -> runPostgres(options, dir, progress));
                out.print(PgReport.render(machine, result));
                out.flush();
            }
        }
        return 0;
    }

    private static RunResult runAll(Options options, Durability durability, DataDirs dirs, Progress progress)
            throws Exception {
        Sizes sizes = options.sizes();
        double loadBefore = Machine.loadAverage();
        long start = System.nanoTime();
        String prefix = durability.name().toLowerCase(Locale.ROOT) + "-";
        progress.say("durability %s", durability);

        RawReference rawBefore = dirs.inFresh(prefix + "raw-before",
                dir -> RawLimit.measure(dir, durability, sizes.raw(), progress));

        Optional<RunResult.Enqueue> enqueue = Optional.empty();
        if (options.runs(Scenario.ENQUEUE)) {
            progress.say("enqueue: %,d calls from 1 thread", sizes.enqueue());
            double one = dirs.inFresh(prefix + "enqueue-1",
                    dir -> EnqueueBench.measure(dir, durability, 1, sizes.enqueue()));
            progress.say("enqueue: %,d calls from 4 threads", sizes.enqueue());
            double four = dirs.inFresh(prefix + "enqueue-4",
                    dir -> EnqueueBench.measure(dir, durability, 4, sizes.enqueue()));
            enqueue = Optional.of(new RunResult.Enqueue(one, four));
        }

        Optional<RunResult.Drain> drain = Optional.empty();
        if (options.runs(Scenario.DRAIN)) {
            double one = DrainBench.measureWarm(dirs, prefix + "drain-1", durability, sizes.drain(), 1, progress);
            double four = DrainBench.measureWarm(dirs, prefix + "drain-4", durability, sizes.drain(), 4, progress);
            drain = Optional.of(new RunResult.Drain(one, four));
        }

        Optional<RunResult.Latency> latency = Optional.empty();
        if (options.runs(Scenario.LATENCY)) {
            latency = Optional.of(latency(sizes, durability, drain, dirs, prefix, progress));
        }

        Optional<BacklogBench.Result> backlog = Optional.empty();
        if (options.runs(Scenario.BACKLOG)) {
            backlog = Optional.of(dirs.inFresh(prefix + "backlog-big", big -> dirs.inFresh(prefix + "backlog-small",
                    small -> BacklogBench.measure(big, small, durability, sizes, progress))));
        }
        Optional<ManyOwnersBench.Result> owners = Optional.empty();
        if (options.runs(Scenario.OWNERS)) {
            owners = Optional.of(dirs.inFresh(prefix + "owners-one", one -> dirs.inFresh(prefix + "owners-many",
                    many -> ManyOwnersBench.measure(one, many, durability, sizes.owners(), progress))));
        }
        // Measured again at the end: on a shared machine the load may change during the run.
        RawReference rawAfter = dirs.inFresh(prefix + "raw-after",
                dir -> RawLimit.measure(dir, durability, sizes.raw(), progress));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new RunResult(durability, sizes, rawBefore, rawAfter, enqueue, drain, latency, backlog, owners,
                loadBefore,
                Machine.loadAverage(), elapsed);
    }

    private static PgRunResult runPostgres(Options options, Path serverData, Progress progress) throws Exception {
        Sizes sizes = options.sizes();
        PgTarget target = options.pg();
        try (PgServer server = PgServer.start(target.url(), target.user(), target.password(), serverData, progress)) {
            double loadBefore = Machine.loadAverage();
            long start = System.nanoTime();
            PgRawLimit.Result rawBefore = server.inFreshSchema("raw-before",
                    schema -> PgRawLimit.measure(server, schema, sizes.raw(), progress));
            Optional<RunResult.Enqueue> enqueue = Optional.empty();
            if (options.runs(Scenario.PG_ENQUEUE)) {
                progress.say("pg enqueue: %,d calls from 1 thread", sizes.enqueue());
                double one = server.inFreshSchema("enqueue-1",
                        schema -> PgBench.enqueue(server, schema, 1, sizes.enqueue()));
                progress.say("pg enqueue: %,d calls from 4 threads", sizes.enqueue());
                double four = server.inFreshSchema("enqueue-4",
                        schema -> PgBench.enqueue(server, schema, 4, sizes.enqueue()));
                enqueue = Optional.of(new RunResult.Enqueue(one, four));
            }
            SortedMap<Integer, Double> drain = new TreeMap<>();
            if (options.runs(Scenario.PG_DRAIN)) {
                // The warm-up every measurement gets (Sizes.warmup): the drain on one host, untimed.
                progress.say("pg drain: untimed, to warm up");
                server.inFreshSchema("drain-4-warm-up",
                        schema -> PgBench.drain(server, schema, sizes.drain(), 4, 1, progress));
                for (int hosts = 1; hosts <= options.pgDrainHosts(); hosts++) {
                    int count = hosts;
                    drain.put(hosts, server.inFreshSchema("drain-4-hosts-" + hosts,
                            schema -> PgBench.drain(server, schema, sizes.drain(), 4, count, progress)));
                }
            }
            Optional<LatencySample> crossHost = Optional.empty();
            if (options.runs(Scenario.PG_LATENCY)) {
                progress.say("pg latency: %,d enqueue-to-start samples across two idle hosts", sizes.latency());
                crossHost = Optional.of(server.inFreshSchema("latency-cross",
                        schema -> PgBench.crossHostLatency(server, schema, sizes.latency())));
            }
            Optional<DbSchedulerBench.Result> dbScheduler = Optional.empty();
            if (options.runs(Scenario.PG_PEERS)) {
                dbScheduler = Optional.of(DbSchedulerBench.measure(server, sizes.enqueue(), sizes.drain(),
                        Math.min(sizes.latency(), DbSchedulerBench.LATENCY_SAMPLES), progress));
            }
            PgRawLimit.Result rawAfter = server.inFreshSchema("raw-after",
                    schema -> PgRawLimit.measure(server, schema, sizes.raw(), progress));
            return new PgRunResult(server.describe(), sizes, rawBefore, rawAfter, enqueue, drain, crossHost,
                    dbScheduler, loadBefore,
                    Machine.loadAverage(), Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static RunResult.Latency latency(Sizes sizes, Durability durability, Optional<RunResult.Drain> drain,
                                             DataDirs dirs, String prefix, Progress progress) throws Exception {
        progress.say("latency: %,d enqueue-to-start samples at an idle host", sizes.latency());
        LatencySample idle = dirs.inFresh(prefix + "latency-idle",
                dir -> LatencyBench.idle(dir, durability, sizes.latency()));
        double drainRate;
        String source;
        if (drain.isPresent()) {
            drainRate = drain.get().concurrency4();
            source = "half the drain at concurrency 4";
        } else {
            // The drain scenario did not run: measure the rate the load is set from, on a smaller backlog.
            int backlog = (int) Math.min(sizes.drain(), MAX_LOAD_DRAIN);
            drainRate = DrainBench.measureWarm(dirs, prefix + "latency-drain", durability, backlog, 4, progress);
            source = "half a drain of " + Format.count(backlog) + " at concurrency 4";
        }
        double rate = drainRate / 2;
        progress.say("latency: steady load of %,.0f tasks/s for %d s", rate, sizes.loadSeconds());
        LatencyBench.Loaded loaded = dirs.inFresh(prefix + "latency-load",
                dir -> LatencyBench.underLoad(dir, durability, rate, sizes.loadSeconds()));
        return new RunResult.Latency(idle, loaded, source);
    }

    private static int usageError(PrintStream err, String message) {
        err.println("bench: " + message);
        err.print(Options.USAGE);
        return 2;
    }
}
