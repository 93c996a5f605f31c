package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A quick measurement of the real host on SQLite: enqueue calls per second from one thread, and no-op
 * tasks drained per second at concurrency 4. Prints one line per figure.
 *
 * <p>Usage: {@code QuickMeasure [tasks] [directory]}; 20,000 tasks in a temporary directory by default.
 */
public final class QuickMeasure {

    private QuickMeasure() {
    }

    /**
     * Runs the measurement.
     *
     * @throws Exception if the host fails
     */
    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("taskhost-measure");
        PrintStream out = System.out;
        try {
            out.printf("tasks: %d, directory: %s%n", tasks, dir);
            measure(tasks, dir.resolve("run"), out);
        } finally {
            deleteTree(dir.resolve("run"));
        }
    }

    private static void measure(int tasks, Path data, PrintStream out) throws InterruptedException {
        byte[] payload = new byte[64];
        // First life: a delay of a day lets only the first task run, so enqueueing is measured alone.
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("measure", 4, task -> "");
            service.createQueue("drain", QueueConfig.builder().delay(Duration.ofDays(1)).build());
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                service.enqueue("drain", payload);
            }
            out.printf("enqueue, 1 thread: %,.0f calls/s%n", tasks / seconds(start));
        }
        // Second life: the same queue without the delay drains the backlog at concurrency 4.
        int backlog = tasks - 1;
        CountDownLatch drained = new CountDownLatch(backlog);
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("measure", 4, task -> {
                drained.countDown();
                return "";
            });
            long start = System.nanoTime();
            service.createQueue("drain", QueueConfig.builder().concurrency(4).build());
            if (!drained.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the drain did not finish in 10 minutes");
            }
            out.printf("drain, concurrency 4: %,.0f tasks/s%n", backlog / seconds(start));
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
