package dev.taskhost.store.postgres;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * One host of the schedule crash test across hosts, in a JVM of its own, until it is killed: it
 * opens queue {@value #QUEUE} of owner {@value #OWNER} on the shared schema (finished tasks kept a
 * week, so that the test reads every fire's task) and registers the {@code every(1 s)} schedule
 * {@value #SCHEDULE} again at every start (which keeps its timing, R50). It prints
 * {@code starting <epoch ms>} before it creates the queue, then {@code next <epoch ms>} (the
 * schedule's next fire) and {@code ready <epoch ms>} once the queue and the schedule are in place,
 * then {@code ready} alone.
 *
 * <p>Usage: {@code ScheduleHostChild <jdbcUrl> <user> <password> <schema>}.
 */
public final class ScheduleHostChild {
    /** The owner the host serves. */
    public static final String OWNER = "app";
    /** The schedule's queue. */
    public static final String QUEUE = "ticks";
    /** The schedule. */
    public static final String SCHEDULE = "tick";
    /** Its interval. */
    public static final Duration EVERY = Duration.ofSeconds(1);
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
        TaskService service = host.service(OWNER, 2, task -> "ran");
        PrintStream out = System.out;
        out.println("starting " + System.currentTimeMillis());
        out.flush();
        service.createQueue(QUEUE, QueueConfig.builder().concurrency(2).retention(Duration.ofDays(7)).build());
        service.schedule(SCHEDULE, QUEUE, Schedule.every(EVERY), new byte[] {1});
        ScheduleInfo info = service.listSchedules().get(0);
        out.println("next " + info.nextFire().orElseThrow().toEpochMilli());
        out.println("ready " + System.currentTimeMillis());
        out.println("ready");
        out.flush();
        new CountDownLatch(1).await();
    }
}
