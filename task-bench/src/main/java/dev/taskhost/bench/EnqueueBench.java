package dev.taskhost.bench;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;

/**
 * Enqueue calls per second into a queue that runs nothing meanwhile: a holding queue (a delay of a
 * day, {@link Hosts#HOLDING}) starts its first task and then none for a day, so the calls measure
 * enqueueing alone while the host is otherwise live. Each call returns once its task is durable (R9).
 */
final class EnqueueBench {

    /** The queue enqueued into. */
    static final String QUEUE = "enqueue";

    private EnqueueBench() {
    }

    /**
     * Calls per second from {@code threads} threads on a new host in {@code data}, after an untimed
     * warm-up.
     *
     * @throws Exception if the host fails
     */
    static double measure(Path data, Durability durability, int threads, int count) throws Exception {
        try (TaskHost host = Hosts.open(data, durability)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> "");
            service.createQueue(QUEUE, Hosts.HOLDING);
            return rate(service, QUEUE, threads, count);
        }
    }

    /**
     * Calls per second from {@code threads} threads into {@code queue} of {@code service}, after an
     * untimed warm-up.
     *
     * @throws ExecutionException if an enqueue failed
     * @throws InterruptedException if interrupted
     */
    static double rate(TaskService service, String queue, int threads, int count)
            throws ExecutionException, InterruptedException {
        byte[] payload = Payloads.of(0, 0);
        Concurrently.time(threads, Sizes.warmup(count), i -> service.enqueue(queue, payload));
        long nanos = Concurrently.time(threads, count, i -> service.enqueue(queue, payload));
        return count / (nanos / 1e9);
    }
}
