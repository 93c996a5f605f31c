package dev.taskhost.bench;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The host on a big backlog: {@code backlog} pending tasks in one queue and {@link Sizes#OTHER_QUEUES}
 * other queues of {@code otherBacklog} each, all in the owner's one database. The other queues are
 * never opened (R8): they only make the database and its index bigger.
 *
 * <p>Enqueue-to-start latency means little here (a new task waits behind the whole backlog), so the
 * claim cost is measured as the time per start while the queue starts {@code starts} tasks at
 * concurrency 4, from the big backlog and from a small backlog of {@code starts} tasks.
 */
final class BacklogBench {

    /** The queue with the big backlog. */
    static final String BIG = "big";
    private static final int CONCURRENCY = 4;

    /**
     * The raw limit measured on the store's own file with the backlog in it; present only when the
     * backlog was written through raw JDBC, as only then is the file's schema known.
     *
     * @param inserts single-row insert transactions into the big queue
     * @param pairs claim+finish transaction pairs on the big queue
     * @param openToFirstClaimNanos from opening a connection to the end of the first claim
     */
    record RawAtBacklog(RawSteps inserts, RawSteps pairs, long openToFirstClaimNanos) {
    }

    /**
     * A restart of the host on a backlog, with the queue at concurrency 4.
     *
     * @param buildToFirstStartNanos from {@code TaskHost.builder()} to the worker's first call
     * @param nanosPerStart from the first to the last timed start, per start
     * @param heapUsedAfterGc heap in use after a full collection, with the queue still running
     */
    record StartRun(long buildToFirstStartNanos, double nanosPerStart, long heapUsedAfterGc) {
    }

    /**
     * Everything measured.
     *
     * @param method how the backlog was written
     * @param raw the raw limit on the backlog's file, if it could be measured
     * @param enqueuePerSecond enqueue calls per second from 1 thread into the big queue
     * @param big the restart on the big backlog
     * @param small the restart on the small backlog
     */
    record Result(BacklogSeeder.Method method, Optional<RawAtBacklog> raw, double enqueuePerSecond,
                  StartRun big, StartRun small) {
    }

    private BacklogBench() {
    }

    /**
     * Runs the backlog scenario in two fresh directories.
     *
     * @throws Exception if the host or SQLite fails, or the starts stall
     */
    static Result measure(Path bigData, Path smallData, Durability durability, Sizes sizes, Progress progress)
            throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(BIG, sizes.backlog());
        for (int i = 0; i < Sizes.OTHER_QUEUES; i++) {
            counts.put("other-" + i, sizes.otherBacklog());
        }
        BacklogSeeder.Method method = BacklogSeeder.seed(bigData, durability, counts, progress);
        Optional<RawAtBacklog> raw = Optional.empty();
        if (method == BacklogSeeder.Method.RAW_JDBC) {
            progress.say("backlog: raw limit on the store's file, %,d steps each", sizes.raw());
            raw = Optional.of(rawAtBacklog(bigData, durability, sizes.raw()));
        }
        progress.say("backlog: %,d enqueue calls into the big queue", sizes.enqueue());
        double enqueueRate;
        try (TaskHost host = Hosts.open(bigData, durability)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> "");
            service.createQueue(BIG, Hosts.HOLDING);
            enqueueRate = EnqueueBench.rate(service, BIG, 1, sizes.enqueue());
        }
        progress.say("backlog: restart and %,d starts on the big backlog", sizes.starts());
        StartRun big = restart(bigData, durability, sizes.starts());
        BacklogSeeder.seed(smallData, durability, Map.of(BIG, sizes.starts()), progress);
        progress.say("backlog: restart and %,d starts on a backlog of %,d", sizes.starts(), sizes.starts());
        StartRun small = restart(smallData, durability, sizes.starts());
        progress.say("backlog: heap used after GC %,d bytes on the big backlog, %,d on the small one",
                big.heapUsedAfterGc(), small.heapUsedAfterGc());
        return new Result(method, raw, enqueueRate, big, small);
    }

    private static RawAtBacklog rawAtBacklog(Path data, Durability durability, int count) throws SQLException {
        long opening = System.nanoTime();
        try (Connection connection = RawSqlite.open(StoreLayout.databaseFile(data), durability);
             TaskRows rows = new TaskRows(connection, 11)) {
            RawRows.Claimed first = rows.claim(BIG, System.currentTimeMillis())
                    .orElseThrow(() -> new SQLException("the big queue has no ready task"));
            long openToFirstClaim = System.nanoTime() - opening;
            rows.finish(first, System.currentTimeMillis());
            int warmup = Sizes.warmup(count);
            RawSteps inserts = RawLimit.inserts(rows, BIG, warmup, count);
            RawSteps pairs = RawLimit.claimFinishPairs(rows, BIG, warmup, count);
            return new RawAtBacklog(inserts, pairs, openToFirstClaim);
        }
    }

    /** Builds a host on {@code data} and times its first {@code starts} starts of the big queue. */
    private static StartRun restart(Path data, Durability durability, int starts) throws Exception {
        long[] startedAt = new long[starts];
        AtomicInteger started = new AtomicInteger();
        CountDownLatch timed = new CountDownLatch(starts);
        long building = System.nanoTime();
        try (TaskHost host = Hosts.open(data, durability)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                long now = System.nanoTime();
                int n = started.getAndIncrement();
                if (n < starts) {
                    startedAt[n] = now;
                    timed.countDown();
                }
                return "";
            });
            service.createQueue(BIG, Hosts.running(CONCURRENCY));
            DrainBench.awaitAll(timed, starts, "the starts from the backlog");
            // Workers may read the clock in one order and take their number in another.
            long[] sorted = startedAt.clone();
            Arrays.sort(sorted);
            long first = sorted[0];
            double perStart = (double) (sorted[starts - 1] - first) / (starts - 1);
            // Measured while the queue keeps working through what is left of the backlog.
            return new StartRun(first - building, perStart, heapUsedAfterGc());
        }
    }

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
