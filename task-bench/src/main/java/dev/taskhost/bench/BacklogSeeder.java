package dev.taskhost.bench;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Fills queues with pending tasks before a measurement, and closes the host, so the measurement
 * starts from a restart on that backlog.
 *
 * <p>The queues are created through the host, so the store makes its own database. The tasks go in
 * through raw JDBC batches into that file when its schema is the one {@link RawSchema} copies (seconds
 * for a million); otherwise through {@link TaskService#enqueue} from several threads (minutes).
 */
final class BacklogSeeder {

    private static final int BATCH = 10_000;
    private static final int ROWS_PER_TRANSACTION = 100_000;
    private static final int API_THREADS = 4;

    /** How a backlog was built. */
    enum Method {
        RAW_JDBC("raw JDBC batches into the store's own database file (schema version "
                + StoreLayout.SCHEMA_VERSION + ")"),
        PUBLIC_API("TaskService.enqueue from " + API_THREADS + " threads");

        private final String description;

        Method(String description) {
            this.description = description;
        }

        /** The method in words, for the report. */
        String description() {
            return description;
        }
    }

    private BacklogSeeder() {
    }

    /**
     * Creates each queue of {@code counts} in the owner's store in {@code data} and leaves that many
     * pending, ready tasks in it, with no host running.
     *
     * @param counts pending tasks per queue, in the order the queues are made
     * @return how the tasks were written
     * @throws Exception if the host or SQLite fails, or the enqueueing threads do
     */
    static Method seed(Path data, Durability durability, Map<String, Integer> counts, Progress progress)
            throws Exception {
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        try (TaskHost host = Hosts.open(data, durability)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> "");
            counts.keySet().forEach(queue -> service.createQueue(queue, Hosts.HOLDING));
        }
        Optional<String> whyNot = StoreLayout.whyNotRaw(data, durability);
        if (whyNot.isEmpty()) {
            progress.say("backlog: %,d pending tasks in %s through raw JDBC", total, queues(counts.size()));
            seedRaw(data, durability, counts);
            return Method.RAW_JDBC;
        }
        progress.say("backlog: %,d pending tasks in %s through the API, since %s", total, queues(counts.size()),
                whyNot.get());
        throughApi(() -> Hosts.open(data, durability), counts);
        return Method.PUBLIC_API;
    }

    private static String queues(int count) {
        return count == 1 ? "1 queue" : count + " queues";
    }

    private static void seedRaw(Path data, Durability durability, Map<String, Integer> counts)
            throws SQLException {
        List<String> queues = new ArrayList<>(counts.keySet());
        int[] wanted = queues.stream().mapToInt(counts::get).toArray();
        int[] written = new int[wanted.length];
        long total = counts.values().stream().mapToLong(Integer::longValue).sum();
        long at = System.currentTimeMillis();
        try (Connection connection = RawSqlite.open(StoreLayout.databaseFile(data), durability);
             TaskRows rows = new TaskRows(connection, 7)) {
            connection.setAutoCommit(false);
            for (long row = 0; row < total; row++) {
                // The queues' rows interleave, as tasks enqueued side by side would.
                int queue = leastFilled(wanted, written);
                rows.addInsert(queues.get(queue), Payloads.of(written[queue], 0), at);
                written[queue]++;
                if ((row + 1) % BATCH == 0 || row + 1 == total) {
                    rows.flushInserts();
                }
                if ((row + 1) % ROWS_PER_TRANSACTION == 0 || row + 1 == total) {
                    connection.commit();
                }
            }
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static int leastFilled(int[] wanted, int[] written) {
        int best = -1;
        double bestShare = Double.MAX_VALUE;
        for (int i = 0; i < wanted.length; i++) {
            if (written[i] < wanted[i]) {
                double share = (double) written[i] / wanted[i];
                if (share < bestShare) {
                    bestShare = share;
                    best = i;
                }
            }
        }
        return best;
    }

    /**
     * Creates each queue of {@code counts} on a host that {@code hosts} builds and enqueues that many
     * tasks into it through {@link TaskService#enqueue} from several threads, then closes the host;
     * the tasks stay pending, as the queues hold them (each queue's first start, a primer, is waited for).
     *
     * @throws Exception if the host or the enqueueing threads fail
     */
    static void throughApi(Supplier<TaskHost> hosts, Map<String, Integer> counts) throws Exception {
        try (TaskHost host = hosts.get()) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> "");
            Map<String, String> primers = new LinkedHashMap<>();
            for (String queue : counts.keySet()) {
                service.createQueue(queue, Hosts.HOLDING);
                // The first start of a holding queue is immediate (R13): a primer takes it.
                primers.put(queue, service.enqueue(queue, Payloads.of(-1, 0)));
            }
            for (String primer : primers.values()) {
                awaitFinished(service, primer);
            }
            ExecutorService threads = Executors.newFixedThreadPool(API_THREADS);
            try {
                List<Future<?>> parts = new ArrayList<>();
                for (int part = 0; part < API_THREADS; part++) {
                    int first = part;
                    parts.add(threads.submit(() -> {
                        counts.forEach((queue, count) -> {
                            for (int i = first; i < count; i += API_THREADS) {
                                service.enqueue(queue, Payloads.of(i, 0));
                            }
                        });
                        return null;
                    }));
                }
                for (Future<?> part : parts) {
                    part.get();
                }
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static void awaitFinished(TaskService service, String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!service.get(taskId).status().isTerminal()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("the primer task " + taskId + " did not finish in a minute");
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }
}
