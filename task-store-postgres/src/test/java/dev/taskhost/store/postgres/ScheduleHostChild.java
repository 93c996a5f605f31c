package dev.taskhost.store.postgres;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.jvm.ScheduleChildren;
import java.time.Duration;

/**
 * One host of the schedule crash test across hosts, in a JVM of its own, until it is killed: it
 * serves {@link ScheduleChildren}' schedule on the shared schema (finished tasks kept a week, so
 * that the test reads every fire's task).
 *
 * <p>Usage: {@code ScheduleHostChild <jdbcUrl> <user> <password> <schema>}.
 */
public final class ScheduleHostChild {
    /** Short, so that a killed host's running fire task is recovered soon (R37). */
    static final Duration LEASE = Duration.ofSeconds(3);

    private ScheduleHostChild() {
    }

    /**
     * Runs until killed.
     *
     * @throws Exception if the host fails
     */
    public static void main(String[] args) throws Exception {
        PostgresTaskStoreProvider postgres = PostgresTaskStoreProvider.builder().jdbcUrl(args[0]).user(args[1])
                .password(args[2]).schema(args[3]).poolSize(4).build();
        TaskHost host = TaskHost.builder().store(postgres).lease(LEASE).poll(Duration.ofSeconds(1))
                .shutdownGrace(Duration.ZERO).build();
        ScheduleChildren.serve(host, QueueConfig.builder().concurrency(2).retention(Duration.ofDays(7)).build());
    }
}
