package dev.taskhost.bench;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * No-op tasks per second from a backlog: build the backlog, close the host, open a new one, create
 * the queue with the concurrency, and time from {@code createQueue} until the worker's last call
 * (a latch in the worker). The last outcome is recorded right after; it is not waited for.
 */
final class DrainBench {

    /** The drained queue. */
    static final String QUEUE = "drain";

    private DrainBench() {
    }

    /**
     * Tasks per second draining {@code backlog} tasks at {@code concurrency} in the directory
     * {@code name} of {@code dirs}, timed after the same drain, untimed, in a directory of its own: the
     * warm-up every measurement gets ({@link Sizes#warmup}), here for the claims and outcomes.
     *
     * @throws Exception if the host fails, or a drain stalls
     */
    static double measureWarm(DataDirs dirs, String name, Durability durability, int backlog, int concurrency,
                              Progress progress) throws Exception {
        dirs.inFresh(name + "-warm-up", dir -> measure(dir, durability, backlog, concurrency, "untimed, to warm up",
                progress));
        return dirs.inFresh(name, dir -> measure(dir, durability, backlog, concurrency, "timed", progress));
    }

    /**
     * Tasks per second draining {@code backlog} tasks at {@code concurrency} in {@code data}.
     *
     * @param what how progress names the drain
     * @throws Exception if the host fails, or the drain stalls
     */
    private static double measure(Path data, Durability durability, int backlog, int concurrency, String what,
                                  Progress progress) throws Exception {
        BacklogSeeder.seed(data, durability, Map.of(QUEUE, backlog), progress);
        progress.say("drain: %,d no-op tasks at concurrency %d (%s)", backlog, concurrency, what);
        CountDownLatch done = new CountDownLatch(backlog);
        try (TaskHost host = Hosts.open(data, durability)) {
            TaskService service = host.service(Hosts.OWNER, Hosts.BUDGET, task -> {
                done.countDown();
                return "";
            });
            long start = System.nanoTime();
            service.createQueue(QUEUE, Hosts.running(concurrency));
            awaitAll(done, backlog, "the drain at concurrency " + concurrency);
            return backlog / ((System.nanoTime() - start) / 1e9);
        }
    }

    /**
     * Waits for {@code latch} with a timeout that allows 50 tasks per second plus a minute.
     *
     * @throws IllegalStateException if it times out, saying how far it got
     */
    static void awaitAll(CountDownLatch latch, long tasks, String what) throws InterruptedException {
        long seconds = 60 + tasks / 50;
        if (!latch.await(seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " stalled: " + (tasks - latch.getCount()) + " of " + tasks
                    + " tasks started within " + seconds + " s");
        }
    }
}
