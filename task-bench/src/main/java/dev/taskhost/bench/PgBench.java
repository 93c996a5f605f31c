package dev.taskhost.bench;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The host's enqueue, drain and cross-host latency on PostgreSQL, measured as on SQLite ({@link EnqueueBench},
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
     * Tasks per second draining {@code backlog} tasks at {@code concurrency} (one queue, its limit held
     * across all hosts) with {@code hosts} hosts in {@code schema}; the backlog is written through the API
     * first, by another host that is closed before the timed ones start. Timed from the first
     * {@code createQueue} (all hosts built and idle before it) to the last worker call on any host.
     *
     * @throws Exception if a host fails, or the drain stalls
     */
    static double drain(PgServer server, String schema, int backlog, int concurrency, int hosts, Progress progress)
            throws Exception {
        progress.say("pg drain: a backlog of %,d through TaskService.enqueue", backlog);
        BacklogSeeder.throughApi(() -> PgHosts.open(server, schema), Map.of(DrainBench.QUEUE, backlog));
        progress.say("pg drain: %,d no-op tasks at concurrency %d on %d host(s)", backlog, concurrency, hosts);
        CountDownLatch done = new CountDownLatch(backlog);
        List<TaskHost> opened = new ArrayList<>();
        Thread tenths = null;
        try {
            List<TaskService> services = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                TaskHost host = PgHosts.open(server, schema);
                opened.add(host);
                services.add(host.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                    done.countDown();
                    return "";
                }));
            }
            long start = System.nanoTime();
            // One host: the rate of each tenth of the backlog, so a slowdown as finished rows pile up shows.
            tenths = hosts == 1 ? new Thread(() -> sayTenths(done, backlog, progress), "pg-drain-tenths") : null;
            if (tenths != null) {
                tenths.setDaemon(true);
                tenths.start();
            }
            for (TaskService service : services) {
                service.createQueue(DrainBench.QUEUE, Hosts.running(concurrency));
            }
            DrainBench.awaitAll(done, backlog, "the PostgreSQL drain at concurrency " + concurrency + " on "
                    + hosts + " host(s)");
            return backlog / ((System.nanoTime() - start) / 1e9);
        } finally {
            if (tenths != null) {
                tenths.interrupt();
            }
            for (TaskHost host : opened) {
                host.close();
            }
        }
    }

    private static void sayTenths(CountDownLatch done, int backlog, Progress progress) {
        long tenth = Math.max(1, backlog / 10);
        long from = System.nanoTime();
        long mark = tenth;
        try {
            while (mark <= backlog) {
                Thread.sleep(20);
                if (backlog - done.getCount() >= mark) {
                    long now = System.nanoTime();
                    progress.say("pg drain: tasks %,d to %,d at %,.0f tasks/s", mark - tenth, mark,
                            tenth / ((now - from) / 1e9));
                    from = now;
                    mark += tenth;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Enqueue-to-start across hosts at idle: a producer host enqueues one task into a queue of
     * concurrency 1 that only the other host runs ({@link PgHosts#producer}), waits for it to start
     * there and for its outcome to be stored, and repeats; an untimed warm-up comes first. Both ends
     * read {@link System#nanoTime()} in this JVM; the enqueue time travels in the payload.
     *
     * @throws Exception if a host fails, or a task does not start within a minute
     */
    static LatencySample crossHostLatency(PgServer server, String schema, int samples) throws Exception {
        BlockingQueue<Long> started = new LinkedBlockingQueue<>();
        try (TaskHost runner = PgHosts.open(server, schema);
             TaskHost producer = PgHosts.producer(server, schema, LatencyBench.QUEUE)) {
            TaskService onRunner = runner.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                started.add(System.nanoTime() - Payloads.nanos(task.payload()));
                return "";
            });
            onRunner.createQueue(LatencyBench.QUEUE, Hosts.running(1));
            TaskService onProducer = producer.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                throw new IllegalStateException("the producer host ran a task");
            });
            onProducer.createQueue(LatencyBench.QUEUE, Hosts.running(1));
            int warmup = Sizes.warmup(samples);
            long[] latencies = new long[samples];
            for (int i = 0; i < warmup + samples; i++) {
                String id = onProducer.enqueue(LatencyBench.QUEUE, Payloads.of(i, System.nanoTime()));
                Long latency = started.poll(1, TimeUnit.MINUTES);
                if (latency == null) {
                    throw new IllegalStateException("task " + id + " did not start on the other host within a minute");
                }
                if (i >= warmup) {
                    latencies[i - warmup] = latency;
                }
                while (!onProducer.get(id).status().isTerminal()) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
                }
            }
            return LatencySample.of(latencies, samples);
        }
    }
}
