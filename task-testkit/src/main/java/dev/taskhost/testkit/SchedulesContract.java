package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The task service contract for SPEC's section "Schedules" (R50 to R54), as every
 * {@link TaskService} must follow it. Every implementation runs it as a nested class of
 * {@link TaskServiceContract}; see there how the tests are written.
 *
 * <p>A live host fires each schedule at each fire time; the tests stand for that by moving the
 * clock one fire time at a time ({@link #advance}). A clock moved past several fire times at once
 * stands for a downtime: the host then enqueues one task, for the latest missed fire (R52).
 */
public abstract class SchedulesContract extends ContractSection {
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected SchedulesContract(TaskServiceContract contract) {
        super(contract);
    }

    private static QueueConfig keeping() {
        return QueueConfig.builder().retention(Duration.ofDays(7)).build();
    }

    private List<Instant> lastFires(TaskService service, String name, Duration step, int steps) throws Exception {
        List<Instant> fires = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            advance(step);
            Optional<Instant> last = info(service, name).lastFire();
            if (last.isPresent() && (fires.isEmpty() || !fires.get(fires.size() - 1).equals(last.get()))) {
                fires.add(last.get());
            }
        }
        return fires;
    }

    private static ScheduleInfo info(TaskService service, String name) {
        return service.listSchedules().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static long count(TaskService service, String queue) {
        return service.listQueues().stream().filter(q -> q.name().equals(queue)).findFirst().orElseThrow()
                .counts().values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * R50, R51: an every(10 min) schedule enqueues one task per fire time, each with the payload,
     * and lists its last and next fire.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r50_everyEnqueuesOneTaskPerFireTime() throws Exception {
        Queue<String> runs = new ConcurrentLinkedQueue<>();
        TaskService service = newService("sched-every", 1, task -> {
            runs.add(text(task.payload()));
            return "ok";
        });
        service.createQueue("ticks", keeping());
        Instant start = clock().instant();
        service.schedule("tick", "ticks", Schedule.every(TEN_MINUTES), bytes("payload"));
        assertEquals(Optional.of(start.plus(TEN_MINUTES)), info(service, "tick").nextFire());
        List<Instant> fires = lastFires(service, "tick", TEN_MINUTES, 6);
        List<Instant> expected = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            expected.add(start.plus(TEN_MINUTES.multipliedBy(i)));
        }
        assertEquals(expected, fires);
        assertEquals(List.of("payload", "payload", "payload", "payload", "payload", "payload"), List.copyOf(runs));
        ScheduleInfo info = info(service, "tick");
        assertEquals("ticks", info.queueName());
        assertEquals(Schedule.every(TEN_MINUTES), info.schedule());
        assertEquals(Optional.of(start.plus(Duration.ofMinutes(70))), info.nextFire());
    }

    /**
     * R50: a cron schedule fires at the times its expression names, in UTC by default; six fields
     * put seconds first.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r50_cronFiresAtTheNamedTimes() throws Exception {
        TaskService service = newService("sched-cron", 1, task -> "ok");
        service.createQueue("digests", keeping());
        Instant start = clock().instant(); // midnight UTC
        service.schedule("daily", "digests", Schedule.cron("0 8 * * *"), bytes("d"));
        service.schedule("seconds", "digests", Schedule.cron("30 0 9 * * *"), bytes("s"));
        assertEquals(Optional.of(start.plus(Duration.ofHours(8))), info(service, "daily").nextFire());
        assertEquals(Optional.of(start.plus(Duration.ofHours(9)).plusSeconds(30)), info(service, "seconds").nextFire());
        List<Instant> fires = lastFires(service, "daily", Duration.ofHours(4), 12);
        assertEquals(List.of(start.plus(Duration.ofHours(8)), start.plus(Duration.ofHours(32))), fires);
        assertEquals(Optional.of(start.plus(Duration.ofHours(33)).plusSeconds(30)), info(service, "seconds").lastFire());
        assertEquals(4, count(service, "digests"));
    }

    /**
     * R50: scheduling a name again replaces it, its fires counting from then; the same schedule
     * again changes nothing, so re-scheduling at each start keeps its rhythm.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r50_schedulingAgainReplacesOrKeeps() throws Exception {
        TaskService service = newService("sched-replace", 1, task -> "ok");
        service.createQueue("q", keeping());
        Instant start = clock().instant();
        service.schedule("s", "q", Schedule.every(TEN_MINUTES), bytes("a"));
        advance(Duration.ofMinutes(5));
        service.schedule("s", "q", Schedule.every(TEN_MINUTES), bytes("a"));
        assertEquals(Optional.of(start.plus(TEN_MINUTES)), info(service, "s").nextFire(), "same schedule: kept");
        service.schedule("s", "q", Schedule.every(Duration.ofHours(1)), bytes("b"));
        assertEquals(Optional.of(start.plus(Duration.ofMinutes(65))), info(service, "s").nextFire(), "replaced");
        advance(Duration.ofMinutes(5));
        assertEquals(0, count(service, "q"), "the replaced schedule's fire at 10 min is gone");
        advance(Duration.ofMinutes(55));
        assertEquals(1, count(service, "q"));
        assertEquals(1, service.listSchedules().size());
    }

    /**
     * R50: unschedule removes the schedule, which fires no more; an unknown name is no error.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r50_unscheduleStopsTheFires() throws Exception {
        TaskService service = newService("sched-unschedule", 1, task -> "ok");
        service.createQueue("q", keeping());
        service.schedule("s", "q", Schedule.every(TEN_MINUTES), bytes("a"));
        advance(TEN_MINUTES);
        service.unschedule("s");
        service.unschedule("never-was");
        advance(TEN_MINUTES);
        advance(TEN_MINUTES);
        assertEquals(1, count(service, "q"));
        assertEquals(List.of(), service.listSchedules());
    }

    /**
     * R52: after a downtime spanning six fire times, one task is enqueued, for the latest.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r52_aDowntimeGetsOneCatchUpTaskForTheLatestMissedFire() throws Exception {
        TaskService service = newService("sched-catchup", 1, task -> "ok");
        service.createQueue("q", keeping());
        Instant start = clock().instant();
        service.schedule("s", "q", Schedule.every(TEN_MINUTES), bytes("a"));
        clock().advance(Duration.ofMinutes(65));
        runUntilIdle();
        assertEquals(1, count(service, "q"));
        assertEquals(Optional.of(start.plus(Duration.ofMinutes(60))), info(service, "s").lastFire());
        advance(Duration.ofMinutes(5));
        assertEquals(2, count(service, "q"), "the next fire is on time again");
    }

    /**
     * R53: a schedule's tasks are tasks of their queue: a paused queue holds them pending; and
     * a schedule needs its queue created.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r53_theFiresAreOrdinaryTasksOfTheQueue() throws Exception {
        TaskService service = newService("sched-queue", 1, task -> "ok");
        assertThrows(QueueNotFoundException.class,
                () -> service.schedule("s", "missing", Schedule.every(TEN_MINUTES), bytes("a")));
        service.createQueue("q", keeping());
        service.schedule("s", "q", Schedule.every(TEN_MINUTES), bytes("a"));
        service.pauseQueue("q");
        advance(TEN_MINUTES);
        advance(TEN_MINUTES);
        var listed = service.listTasks("q", Optional.of(TaskStatus.PENDING), Optional.empty(), 10).tasks();
        assertEquals(2, listed.size(), "two fires, both held by the pause");
        service.resumeQueue("q");
        runUntilIdle();
        assertEquals(2, service.listTasks("q", Optional.of(TaskStatus.COMPLETED), Optional.empty(), 10).tasks().size());
    }

    /**
     * R50: a daily 02:30 in Europe/Berlin fires once on the day the clocks skip 02:00-03:00, at
     * 03:00 local (the first valid instant), and the days around it at 02:30.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r50_springForwardDayFiresOnceAtTheFirstValidInstant() throws Exception {
        clock().set(Instant.parse("2026-03-28T12:00:00Z"));
        TaskService service = newService("sched-spring", 1, task -> "ok");
        service.createQueue("q", keeping());
        service.schedule("s", "q", Schedule.cron("30 2 * * *", BERLIN), bytes("a"));
        List<Instant> fires = lastFires(service, "s", Duration.ofMinutes(30), 96);
        assertEquals(List.of(Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T00:30:00Z")), fires);
        assertEquals(2, count(service, "q"));
    }

    /**
     * R50: a daily 02:30 in Europe/Berlin fires once, not twice, on the day the clocks repeat
     * 02:00-03:00.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r50_autumnDayFiresOnceNotTwice() throws Exception {
        clock().set(Instant.parse("2026-10-24T12:00:00Z"));
        TaskService service = newService("sched-autumn", 1, task -> "ok");
        service.createQueue("q", keeping());
        service.schedule("s", "q", Schedule.cron("30 2 * * *", BERLIN), bytes("a"));
        List<Instant> fires = lastFires(service, "s", Duration.ofMinutes(30), 96);
        assertEquals(List.of(Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z")), fires);
        assertEquals(2, count(service, "q"));
    }

    /**
     * R54: a bad cron field, a zero or negative interval and a bad name are refused, naming the
     * input and what is wrong; nothing is stored.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r54_badInputIsRefusedNamingIt() throws Exception {
        TaskService service = newService("sched-bad", 1, task -> "ok");
        service.createQueue("q", keeping());
        IllegalArgumentException field = assertThrows(IllegalArgumentException.class,
                () -> service.schedule("s", "q", Schedule.cron("0 24 * * *"), bytes("a")));
        assertTrue(field.getMessage().contains("'0 24 * * *'") && field.getMessage().contains("hour field '24'")
                && field.getMessage().contains("R54"), field.getMessage());
        IllegalArgumentException fields = assertThrows(IllegalArgumentException.class,
                () -> Schedule.cron("* * * *"));
        assertTrue(fields.getMessage().contains("'* * * *'") && fields.getMessage().contains("4 field"),
                fields.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> Schedule.every(Duration.ZERO));
        assertTrue(zero.getMessage().contains("zero") && zero.getMessage().contains("R54"), zero.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> Schedule.every(Duration.ofSeconds(-5)));
        assertTrue(negative.getMessage().contains("negative") && negative.getMessage().contains("PT-5S"),
                negative.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> service.schedule("", "q", Schedule.every(TEN_MINUTES), bytes("a")));
        assertTrue(name.getMessage().contains("schedule name") && name.getMessage().contains("R54"), name.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> service.schedule("bad\nname", "q", Schedule.every(TEN_MINUTES), bytes("a")));
        assertThrows(IllegalArgumentException.class, () -> service.unschedule(""));
        assertEquals(List.of(), service.listSchedules());
    }
}
