package dev.taskhost.testkit.jvm;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the child hosts of the schedule crash tests do, on whichever store their main gave the host:
 * owner {@value #OWNER}, queue {@value #QUEUE}, and the {@code every(1 s)} schedule {@value #SCHEDULE},
 * registered again at every start (which keeps its timing, R50). The child prints
 * {@code starting <epoch ms>} before it creates the queue, then {@code next <epoch ms>} (the
 * schedule's next fire) and {@code ready <epoch ms>} once the queue and the schedule are in place,
 * then {@code ready} alone, and runs until it is killed.
 */
public final class ScheduleChildren {
    /** The owner the child serves. */
    public static final String OWNER = "app";
    /** The schedule's queue. */
    public static final String QUEUE = "ticks";
    /** The schedule. */
    public static final String SCHEDULE = "tick";
    /** Its interval. */
    public static final Duration EVERY = Duration.ofSeconds(1);

    private ScheduleChildren() {
    }

    /**
     * Serves the schedule on {@code host} with the queue made with {@code queue} (whose retention
     * should keep every fire's task for the test to read), until the JVM is killed.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public static void serve(TaskHost host, QueueConfig queue) throws InterruptedException {
        TaskService service = host.service(OWNER, 2, task -> "ran");
        PrintStream out = System.out;
        out.println("starting " + System.currentTimeMillis());
        out.flush();
        service.createQueue(QUEUE, queue);
        service.schedule(SCHEDULE, QUEUE, Schedule.every(EVERY), new byte[] {1});
        ScheduleInfo info = service.listSchedules().get(0);
        out.println("next " + info.nextFire().orElseThrow().toEpochMilli());
        out.println("ready " + System.currentTimeMillis());
        out.println("ready");
        out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * The first of the schedule's fire times ({@code grid} plus a whole number of {@link #EVERY}) at or
     * after {@code at}, in epoch milliseconds.
     */
    public static long firstFireAtOrAfter(long grid, long at) {
        long every = EVERY.toMillis();
        return grid + Math.floorDiv(at - grid + every - 1, every) * every;
    }

    /** Sleeps until the wall clock reads {@code epochMillis}; returns at once if it has passed. */
    public static void sleepUntil(long epochMillis) throws InterruptedException {
        long wait = epochMillis - System.currentTimeMillis();
        if (wait > 0) {
            TimeUnit.MILLISECONDS.sleep(wait);
        }
    }
}
