package dev.taskhost.bench;

import dev.taskhost.core.TaskHost;
import dev.taskhost.api.TaskService;
import dev.taskhost.store.sqlite.Durability;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Many owners (issue 14): one owner with {@value #QUEUES} queues draining a backlog, against
 * {@value #OWNERS} owners with {@value #QUEUES} queues each draining the same total backlog, all at
 * once, on one host. Each queue runs at concurrency {@value #CONCURRENCY}. Beside the aggregate
 * drain rates it samples the JVM's live threads and the process's open file descriptors (entries
 * of {@code /proc/self/fd}) before, at their peak during, and after the many-owners drain, and once
 * more after the idle close ({@value #IDLE_CLOSE_MILLIS} ms in this scenario) has closed the owners'
 * databases.
 */
final class ManyOwnersBench {

    static final int OWNERS = 64;
    static final int QUEUES = 2;
    static final int CONCURRENCY = 2;
    static final long IDLE_CLOSE_MILLIS = 1_000;
    private static final int ENQUEUE_THREADS = 4;

    /** Live threads and open files at one moment; -1 files where {@code /proc/self/fd} is absent. */
    record Resources(int threads, long files) {
        static Resources now() {
            return sample();
        }
    }

    /**
     * @param oneOwner tasks per second, one owner
     * @param manyOwners tasks per second, all owners together
     */
    record Result(double oneOwner, double manyOwners, int tasks, Resources before, Resources peak,
                  Resources afterDrain, Resources afterIdleClose) {
        double ratio() {
            return manyOwners / oneOwner;
        }
    }

    private ManyOwnersBench() {
    }

    static Result measure(Path one, Path many, Durability durability, int tasks, Progress progress) throws Exception {
        progress.say("owners: %,d tasks in 1 owner x %d queues", tasks, QUEUES);
        double oneRate = drain(one, durability, 1, tasks, progress, null);
        progress.say("owners: %,d tasks in %d owners x %d queues", tasks, OWNERS, QUEUES);
        Sampler sampler = new Sampler();
        double manyRate = drain(many, durability, OWNERS, tasks, progress, sampler);
        return new Result(oneRate, manyRate, tasks, sampler.before, sampler.peak(), sampler.afterDrain,
                sampler.afterIdleClose);
    }

    private static String owner(int index) {
        return "owner-" + index;
    }

    private static String queue(int index) {
        return "q" + index;
    }

    private static TaskHost open(Path data, Durability durability) {
        return TaskHost.builder()
                .dataDirectory(data)
                .store(SqliteTaskStoreProvider.builder().durability(durability)
                        .idleClose(Duration.ofMillis(IDLE_CLOSE_MILLIS)).build())
                .build();
    }

    private static double drain(Path data, Durability durability, int owners, int tasks, Progress progress,
                                Sampler sampler) throws Exception {
        int queues = owners * QUEUES;
        seed(data, durability, owners, tasks);
        CountDownLatch done = new CountDownLatch(tasks);
        double rate;
        try (TaskHost host = open(data, durability)) {
            List<TaskService> services = new ArrayList<>();
            for (int o = 0; o < owners; o++) {
                services.add(host.service(owner(o), Hosts.BUDGET, task -> {
                    done.countDown();
                    return "";
                }));
            }
            if (sampler != null) {
                sampler.before = Resources.now();
                sampler.start();
            }
            long start = System.nanoTime();
            for (TaskService service : services) {
                for (int q = 0; q < QUEUES; q++) {
                    service.createQueue(queue(q), Hosts.running(CONCURRENCY));
                    service.resumeQueue(queue(q));
                }
            }
            DrainBench.awaitAll(done, tasks, "the drain of " + owners + " owner(s) x " + QUEUES + " queues");
            rate = tasks / ((System.nanoTime() - start) / 1e9);
            if (sampler != null) {
                sampler.stop();
                sampler.afterDrain = Resources.now();
                progress.say("owners: waiting %d ms for the idle close", 3 * IDLE_CLOSE_MILLIS);
                Thread.sleep(3 * IDLE_CLOSE_MILLIS);
                sampler.afterIdleClose = Resources.now();
            }
            progress.say("owners: %d queue(s) drained at %,.0f tasks/s", queues, rate);
        }
        return rate;
    }

    /** Leaves {@code tasks} pending tasks spread over the owners' queues, each queue paused. */
    private static void seed(Path data, Durability durability, int owners, int tasks) throws Exception {
        int queues = owners * QUEUES;
        try (TaskHost host = open(data, durability)) {
            List<TaskService> services = new ArrayList<>();
            for (int o = 0; o < owners; o++) {
                TaskService service = host.service(owner(o), Hosts.BUDGET, task -> "");
                for (int q = 0; q < QUEUES; q++) {
                    service.createQueue(queue(q), Hosts.running(CONCURRENCY));
                    service.pauseQueue(queue(q));
                }
                services.add(service);
            }
            ExecutorService threads = Executors.newFixedThreadPool(ENQUEUE_THREADS);
            try {
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> parts = new ArrayList<>();
                for (int t = 0; t < ENQUEUE_THREADS; t++) {
                    parts.add(threads.submit(() -> {
                        for (int i; (i = next.getAndIncrement()) < tasks; ) {
                            int slot = i % queues;
                            services.get(slot / QUEUES).enqueue(queue(slot % QUEUES), Payloads.of(i, 0));
                        }
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

    /** Samples threads and open files every 20 ms while the drain runs. */
    private static final class Sampler {
        private final AtomicBoolean running = new AtomicBoolean();
        private volatile int peakThreads;
        private volatile long peakFiles;
        private Thread thread;
        Resources before;
        Resources afterDrain;
        Resources afterIdleClose;

        void start() {
            running.set(true);
            thread = new Thread(() -> {
                while (running.get()) {
                    Resources now = Resources.now();
                    peakThreads = Math.max(peakThreads, now.threads());
                    peakFiles = Math.max(peakFiles, now.files());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-owners-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            Resources last = Resources.now();
            peakThreads = Math.max(peakThreads, last.threads());
            peakFiles = Math.max(peakFiles, last.files());
        }

        Resources peak() {
            return new Resources(peakThreads, peakFiles);
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long openFiles() {
        Path fds = Path.of("/proc/self/fd");
        if (!Files.isDirectory(fds)) {
            return -1;
        }
        try (Stream<Path> entries = Files.list(fds)) {
            return entries.count();
        } catch (IOException e) {
            return -1;
        }
    }

    private static Resources sample() {
        return new Resources(THREADS.getThreadCount(), openFiles());
    }
}
