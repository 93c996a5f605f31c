package dev.taskhost.store.postgres;

import dev.taskhost.api.QueueConfig;
import java.time.Duration;
import java.util.List;

/**
 * The load of the many-hosts suite: one owner, four queues with concurrency limits and one with a
 * delay, and the lease and poll every host runs with. Shared by the child host and the suite.
 */
final class HostsPlan {
    static final String OWNER = "hosts";
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration POLL = Duration.ofSeconds(1);

    /** A queue of the plan, with its share of the tasks (per thousand) and its work times. */
    record PlanQueue(String name, QueueConfig config, int share, int minWorkMillis, int maxWorkMillis,
                     int failPerHundred) {
    }

    static final List<PlanQueue> QUEUES = List.of(
            new PlanQueue("limited", QueueConfig.builder().concurrency(2).maxRetries(2)
                    .backoff(Duration.ofMillis(20)).build(), 300, 5, 30, 0),
            new PlanQueue("wide", QueueConfig.builder().concurrency(6).maxRetries(2)
                    .backoff(Duration.ofMillis(20)).build(), 620, 2, 20, 10),
            new PlanQueue("paced", QueueConfig.builder().concurrency(1).maxRetries(2)
                    .delay(Duration.ofMillis(150)).build(), 40, 2, 10, 0),
            // Long runs, so that every kill finds runs in flight to recover; few enough to drain as they come.
            new PlanQueue("slow", QueueConfig.builder().concurrency(4).maxRetries(3).build(), 40, 300, 900, 0));

    static int budget() {
        return QUEUES.stream().mapToInt(q -> q.config().concurrency()).sum();
    }

    static PlanQueue queue(String name) {
        return QUEUES.stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    private HostsPlan() {
    }
}
