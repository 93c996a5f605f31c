package dev.taskhost.bench;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The host's enqueue and drain on PostgreSQL, one host, measured as on SQLite ({@link EnqueueBench},
 * {@link DrainBench}): enqueue calls per second into a holding queue, each durable before it returns;
 * no-op tasks per second from a backlog, timed from {@code createQueue} on a freshly built host to the
 * worker's last call.
 */
final class PgBench {

    private PgBench() {
    }

    /**
     * Enqueue calls per second from {@code threads} threads, after an untimed warm-up, in {@code schema}.
     *
     * @throws Exception if the host fails
     */
    static double enqueue(PgServer server, String schema, int threads, int count) throws Exception {
        try (TaskHost host = PgHosts.open(server, schema)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> "");
            service.createQueue(EnqueueBench.QUEUE, Hosts.HOLDING);
            return EnqueueBench.rate(service, EnqueueBench.QUEUE, threads, count);
        }
    }

    /**
     * Tasks per second draining {@code backlog} tasks at {@code concurrency} in {@code schema}; the
     * backlog is written through the API first, by another host that is closed before the timed one starts.
     *
     * @throws Exception if the host fails, or the drain stalls
     */
    static double drain(PgServer server, String schema, int backlog, int concurrency, Progress progress)
            throws Exception {
        progress.say("pg drain: a backlog of %,d through TaskService.enqueue", backlog);
        BacklogSeeder.throughApi(() -> PgHosts.open(server, schema), Map.of(DrainBench.QUEUE, backlog));
        progress.say("pg drain: %,d no-op tasks at concurrency %d", backlog, concurrency);
        CountDownLatch done = new CountDownLatch(backlog);
        try (TaskHost host = PgHosts.open(server, schema)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                done.countDown();
                return "";
            });
            long start = System.nanoTime();
            service.createQueue(DrainBench.QUEUE, Hosts.running(concurrency));
            DrainBench.awaitAll(done, backlog, "the PostgreSQL drain at concurrency " + concurrency);
            return backlog / ((System.nanoTime() - start) / 1e9);
        }
    }
}
