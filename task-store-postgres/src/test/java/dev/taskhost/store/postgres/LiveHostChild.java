package dev.taskhost.store.postgres;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.TaskHost;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A host of the live hosts test in a JVM of its own, until it is killed: it runs queue
 * {@value #QUEUE} of owner {@value #OWNER} with a poll of {@link #POLL} (so its heartbeat runs out
 * {@link LiveHostsTest#LIVE_FOR} after its last beat), and prints {@code ready} once the queue is open.
 *
 * <p>Usage: {@code LiveHostChild <jdbcUrl> <user> <password> <schema>}.
 */
public final class LiveHostChild {
    /** The owner the host serves. */
    public static final String OWNER = "alpha";
    /** The queue it runs. */
    public static final String QUEUE = "child-q";
    /** Its poll, and so its heartbeat's period. */
    static final Duration POLL = Duration.ofMillis(200);

    private LiveHostChild() {
    }

    /**
     * Runs until killed.
     *
     * @throws Exception if the host fails
     */
    public static void main(String[] args) throws Exception {
        PostgresTaskStoreProvider postgres = PostgresTaskStoreProvider.builder().jdbcUrl(args[0]).user(args[1])
                .password(args[2]).schema(args[3]).poolSize(2).build();
        TaskHost host = TaskHost.builder().store(postgres).lease(Duration.ofSeconds(2)).poll(POLL)
                .shutdownGrace(Duration.ZERO).build();
        host.service(OWNER, 1, task -> "ran").createQueue(QUEUE, QueueConfig.defaults());
        System.out.println("ready");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
