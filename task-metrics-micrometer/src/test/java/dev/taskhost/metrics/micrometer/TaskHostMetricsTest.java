package dev.taskhost.metrics.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The meters after a known workload on a real host on SQLite files, in a {@link SimpleMeterRegistry}. */
class TaskHostMetricsTest {
    @TempDir
    Path dir;
    private final CountDownLatch release = new CountDownLatch(1);

    /** {@code fail} throws (retried while attempts are left), {@code stop} fails at once, {@code block} waits. */
    private String work(Task task) throws InterruptedException {
        switch (new String(task.payload(), StandardCharsets.UTF_8)) {
            case "fail" -> throw new IllegalStateException("fails every time");
            case "stop" -> throw new NonRetryableException("no retry (R46)");
            case "block" -> release.await();
            default -> {
            }
        }
        return "ok";
    }

    private String enqueue(TaskService service, String queue, String payload) {
        return service.enqueue(queue, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void r14r43r46MetersAndCountsAfterAKnownWorkload() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TaskHost host = TaskHost.builder().store(SqliteTaskStoreProvider.builder().dataDirectory(dir).build())
                .listener(TaskHostMetrics.bindTo(registry)).countsRefresh(Duration.ofMillis(20))
                .shutdownGrace(Duration.ZERO).build()) {
            TaskService shop = host.service("shop", 2, this::work);
            // A short backoff, so the failing task uses its three attempts (R14) within the test.
            shop.createQueue("mail", QueueConfig.builder().maxRetries(2).backoff(Duration.ofMillis(1)).build());
            shop.createQueue("slow", QueueConfig.defaults());
            for (int i = 0; i < 3; i++) {
                enqueue(shop, "mail", "ok");
            }
            enqueue(shop, "mail", "fail");                       // 3 attempts: retried, retried, failed
            enqueue(shop, "mail", "stop");                       // 1 attempt: failed (R46)
            shop.enqueue("mail", new byte[0], EnqueueOptions.builder().key("k").runAfter(Duration.ofDays(1)).build());
            // R43: the key is held, so this stores nothing and counts nothing.
            shop.enqueue("mail", new byte[0], EnqueueOptions.builder().key("k").build());
            enqueue(shop, "slow", "block");
            enqueue(shop, "slow", "ok");
            awaitMeter(registry, () -> registry.get(TaskHostMetrics.ENDED).tag("queue", "mail")
                    .tag("outcome", "failed").counter().count() == 2, "the mail queue's runs to end");

            assertEquals(6, count(registry, TaskHostMetrics.ENQUEUED, "mail"));
            assertEquals(2, count(registry, TaskHostMetrics.ENQUEUED, "slow"));
            assertEquals(3, ended(registry, "mail", "completed"));
            assertEquals(2, ended(registry, "mail", "retried"));
            assertEquals(2, ended(registry, "mail", "failed"));
            assertEquals(0, ended(registry, "mail", "released"));
            assertEquals(2, count(registry, TaskHostMetrics.RETRIES, "mail"));
            assertEquals(3, registry.get(TaskHostMetrics.EXECUTION).tags("queue", "mail", "outcome", "completed")
                    .timer().count());
            assertEquals(7, registry.get(TaskHostMetrics.WAIT).tags("queue", "mail").timer().count(),
                    "3 + 3 + 1 starts");
            assertEquals(0, count(registry, TaskHostMetrics.RECOVERED, "mail"));

            // Gauges: cached counts the host refreshes; mail keeps its keyed task for tomorrow, slow
            // runs one and holds the next behind its concurrency of 1.
            awaitMeter(registry, () -> gauge(registry, TaskHostMetrics.PENDING, "mail") == 1
                    && gauge(registry, TaskHostMetrics.RUNNING, "mail") == 0
                    && gauge(registry, TaskHostMetrics.RUNNING, "slow") == 1
                    && gauge(registry, TaskHostMetrics.PENDING, "slow") == 1, "the gauges to read the store");

            release.countDown();
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(2, ended(registry, "slow", "completed"));

            // Names by Micrometer's conventions; tags bounded to owner, queue and outcome, never a task id.
            Set<String> names = new TreeSet<>();
            for (Meter meter : registry.getMeters()) {
                String name = meter.getId().getName();
                names.add(name);
                assertTrue(name.matches("taskhost(\\.[a-z]+)+"), name);
                for (Tag tag : meter.getId().getTags()) {
                    assertTrue(Set.of("owner", "queue", "outcome").contains(tag.getKey()), meter.getId().toString());
                }
                assertEquals("shop", meter.getId().getTag("owner"), meter.getId().toString());
            }
            assertEquals(new TreeSet<>(Set.of(TaskHostMetrics.ENQUEUED, TaskHostMetrics.ENDED,
                    TaskHostMetrics.EXECUTION, TaskHostMetrics.WAIT, TaskHostMetrics.RETRIES, TaskHostMetrics.RECOVERED,
                    TaskHostMetrics.LEASES_LOST, TaskHostMetrics.PENDING, TaskHostMetrics.RUNNING)), names);
        }
    }

    private static double count(SimpleMeterRegistry registry, String name, String queue) {
        return registry.get(name).tag("queue", queue).counter().count();
    }

    private static double ended(SimpleMeterRegistry registry, String queue, String outcome) {
        return registry.get(TaskHostMetrics.ENDED).tags("queue", queue, "outcome", outcome).counter().count();
    }

    private static double gauge(SimpleMeterRegistry registry, String name, String queue) {
        var found = registry.find(name).tag("queue", queue).gauge();
        return found == null ? Double.NaN : found.value();
    }

    /** Waits, at most 30 s, for a condition on the meters: a bound, not a timing assertion. */
    private static void awaitMeter(SimpleMeterRegistry registry, java.util.function.BooleanSupplier condition,
                                   String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "gave up waiting for " + what + ": " + registry.getMetersAsString());
            Thread.sleep(10);
        }
    }
}
