package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A host that runs one {@code every(1 s)} schedule until it is killed: the schedule crash test's
 * child. Owner {@value #OWNER}, queue {@value #QUEUE} (finished tasks kept a week, so that the
 * test can read every fire's task), schedule {@value #SCHEDULE}, registered again at every start
 * (which keeps its timing). It prints {@code starting <epoch ms>} before it creates the queue, then
 * {@code next <epoch ms>} (the schedule's next fire) and {@code ready <epoch ms>} once the queue
 * and the schedule are in place, then {@code ready} alone.
 *
 * <p>Usage: {@code ScheduleChild <dataDirectory>}.
 */
public final class ScheduleChild {
    /** The owner the child serves. */
    public static final String OWNER = "app";
    /** The schedule's queue. */
    public static final String QUEUE = "ticks";
    /** The schedule. */
    public static final String SCHEDULE = "tick";
    /** Its interval. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    private ScheduleChild() {
    }

    /**
     * Runs until killed.
     *
     * @throws Exception if the host fails
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        TaskHost host = TaskHost.builder().dataDirectory(Path.of(args[0])).build();
        TaskService service = host.service(OWNER, 2, task -> "ran");
        out.println("starting " + System.currentTimeMillis());
        out.flush();
        service.createQueue(QUEUE, QueueConfig.builder().retention(Duration.ofDays(7)).build());
        service.schedule(SCHEDULE, QUEUE, Schedule.every(EVERY), new byte[] {1});
        ScheduleInfo info = service.listSchedules().get(0);
        out.println("next " + info.nextFire().orElseThrow().toEpochMilli());
        out.println("ready " + System.currentTimeMillis());
        out.println("ready");
        out.flush();
        new CountDownLatch(1).await();
    }
}
