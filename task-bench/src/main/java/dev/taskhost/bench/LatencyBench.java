package dev.taskhost.bench;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Enqueue-to-start latency: from just before the {@code enqueue} call to the worker's first line,
 * both read from {@link System#nanoTime()}; the enqueue time travels in the payload.
 */
final class LatencyBench {

    /** The queue whose starts are timed. */
    static final String QUEUE = "latency";
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /**
     * Latency under a steady load.
     *
     * @param latency enqueue-to-start, counted from when each enqueue was due by the schedule
     * @param offeredPerSecond the rate the producer aimed for
     * @param achievedPerSecond the rate it reached
     */
    record Loaded(LatencySample latency, double offeredPerSecond, double achievedPerSecond) {
    }

    private LatencyBench() {
    }

    /**
     * At an idle host: enqueue one task into a queue of concurrency 1, wait for it to start, wait
     * for its outcome to be stored (so the next enqueue meets an idle host), repeat. An untimed
     * warm-up comes first.
     *
     * @throws Exception if the host fails, or a task does not start within a minute
     */
    static LatencySample idle(Path data, Durability durability, int samples) throws Exception {
        BlockingQueue<Long> started = new LinkedBlockingQueue<>();
        try (TaskHost host = Hosts.open(data, durability)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                started.add(System.nanoTime() - Payloads.nanos(task.payload()));
                return "";
            });
            service.createQueue(QUEUE, Hosts.running(1));
            int warmup = Sizes.warmup(samples);
            long[] latencies = new long[samples];
            for (int i = 0; i < warmup + samples; i++) {
                String id = service.enqueue(QUEUE, Payloads.of(i, System.nanoTime()));
                Long latency = started.poll(1, TimeUnit.MINUTES);
                if (latency == null) {
                    throw new IllegalStateException("task " + id + " did not start within a minute at an idle host");
                }
                if (i >= warmup) {
                    latencies[i - warmup] = latency;
                }
                while (!service.get(id).status().isTerminal()) {
                    pause(POLL_NANOS);
                }
            }
            return LatencySample.of(latencies, samples);
        }
    }

    /**
     * Under a steady load: one producer thread enqueues at {@code perSecond} for {@code seconds} into
     * a queue of concurrency 4, open loop: each enqueue is due at a fixed time, and its latency counts
     * from that time, so a producer held up by a slow enqueue does not hide the delay.
     *
     * @throws Exception if the host fails, or the tasks stall
     */
    static Loaded underLoad(Path data, Durability durability, double perSecond, int seconds) throws Exception {
        int tasks = (int) Math.max(1, Math.round(perSecond * seconds));
        long[] latencies = new long[tasks];
        CountDownLatch done = new CountDownLatch(tasks);
        try (TaskHost host = Hosts.open(data, durability)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                long now = System.nanoTime();
                latencies[(int) Payloads.index(task.payload())] = now - Payloads.nanos(task.payload());
                done.countDown();
                return "";
            });
            service.createQueue(QUEUE, Hosts.running(4));
            double interval = 1e9 / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                long due = start + Math.round(i * interval);
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    pause(wait);
                }
                service.enqueue(QUEUE, Payloads.of(i, due));
            }
            double producerSeconds = (System.nanoTime() - start) / 1e9;
            DrainBench.awaitAll(done, tasks, "the steady load");
            return new Loaded(LatencySample.of(latencies, tasks), perSecond, tasks / producerSeconds);
        }
    }

    /** Parks for up to {@code nanos}; unlike a bare park, an interrupt ends the measurement. */
    private static void pause(long nanos) throws InterruptedException {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while measuring latency");
        }
    }
}
