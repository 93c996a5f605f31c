package dev.taskhost.samples.host;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.samples.host.internal.StoreChoice;
import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.StoreView;
import dev.taskhost.core.TaskHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskhost inspect} on data written by a real host: at rest, on a copy, and while the host runs. */
class InspectCommandTest {
    private static final Duration LONG_DELAY = Duration.ofHours(1);

    @TempDir
    Path dir;

    /**
     * Two owners: billing (invoices: 2 completed, 1 failed, each with its last progress; reminders,
     * paused: 1 completed, 2 pending behind the queue's delay, one with a key and a priority) and
     * shipping (labels: 1 completed, 1 pending, 1 cancelled).
     */
    private Path dataAtRest() throws InterruptedException {
        Path data = dir.resolve("data");
        try (TaskHost host = TaskHost.builder().store(StoreChoice.sqlite(data).provider()).build()) {
            TaskService billing = host.service("billing", 2, task -> {
                String payload = new String(task.payload(), UTF_8);
                task.progress(50, "checking the card of " + payload);
                if (payload.startsWith("declined")) {
                    throw new IllegalStateException("card declined");
                }
                task.progress(100, "charged");
                return "charged " + payload;
            });
            billing.createQueue("invoices", QueueConfig.defaults());
            for (String order : List.of("order-1", "declined-2", "order-3")) {
                billing.enqueue("invoices", order.getBytes(UTF_8));
            }
            billing.createQueue("reminders", QueueConfig.builder().delay(LONG_DELAY).build());
            billing.enqueue("reminders", "r-1".getBytes(UTF_8));
            billing.enqueue("reminders", "r-2".getBytes(UTF_8), EnqueueOptions.builder().key("reminder-2").priority(-3).build());
            billing.enqueue("reminders", "r-3".getBytes(UTF_8));
            TaskService shipping = host.service("shipping", 1, task -> "labelled");
            shipping.createQueue("labels", QueueConfig.builder().delay(LONG_DELAY).build());
            shipping.enqueue("labels", "parcel-1".getBytes(UTF_8));
            String second = shipping.enqueue("labels", "parcel-2".getBytes(UTF_8));
            shipping.enqueue("labels", "parcel-3".getBytes(UTF_8));
            shipping.cancel(second);
            assertTrue(host.awaitIdle(Duration.ofSeconds(60)), "the host ran what was ready");
            billing.pauseQueue("reminders");
        }
        return data;
    }

    @Test
    void r1_listsEveryOwnersQueuesWithTheirTasksCountedByStatusOnACopyAtRest() throws Exception {
        Path copy = copyOf(dataAtRest(), dir.resolve("copy"));

        Run run = Run.of("inspect", copy.toString());

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("OWNER", "QUEUE", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "PAUSED"), run.row("OWNER"));
        assertEquals(List.of("billing", "invoices", "0", "0", "2", "1", "0", "no"), run.row("billing", "invoices"));
        assertEquals(List.of("billing", "reminders", "2", "0", "1", "0", "0", "yes"), run.row("billing", "reminders"));
        assertEquals(List.of("shipping", "labels", "1", "0", "1", "0", "1", "no"), run.row("shipping"));
        assertEquals("hosts: cannot tell; " + copy + " belongs to one process, and its files do not say whether "
                + "that process runs, nor what it runs (its console does)", run.outLines().get(run.outLines().size() - 1),
                "SQLite files alone tell no live host (R35)");

        Run oneOwner = Run.of("inspect", copy.toString(), "--owner", "shipping");
        assertEquals(0, oneOwner.exitCode(), oneOwner.toString());
        assertEquals(2, oneOwner.outLines().size(), oneOwner.toString());
        assertEquals(List.of("shipping", "labels", "1", "0", "1", "0", "1", "no"), oneOwner.row("shipping"));
    }

    @Test
    void r20_listsOneQueuesTasksWithStatusAttemptAndMessage() throws Exception {
        Path data = dataAtRest();

        Run failed = Run.of("inspect", data.toString(), "--owner", "billing", "--queue", "invoices", "--status", "failed");

        assertEquals(0, failed.exitCode(), failed.toString());
        assertEquals("billing/invoices: 1 FAILED task(s)", failed.outLines().get(0));
        assertEquals(List.of("ID", "STATUS", "ATTEMPT", "PRIORITY", "KEY", "PROGRESS", "UPDATED", "MESSAGE"),
                failed.row("ID"));
        List<String> task = List.of(failed.outLines().get(2).strip().split(" {2,}"));
        assertEquals(8, task.size(), failed.toString());
        assertEquals(List.of("FAILED", "1", "0", "-", "50% checking the card of declined-2"), task.subList(1, 6));
        assertEquals("card declined", task.get(7));
        assertEquals(3, failed.outLines().size(), failed.toString());

        Run oldest = Run.of("inspect", data.toString(), "--owner", "billing", "--queue", "invoices", "--limit", "2");
        assertEquals(0, oldest.exitCode(), oldest.toString());
        assertEquals("billing/invoices: 3 task(s), the oldest 2 shown (see --limit)", oldest.outLines().get(0));
        assertTrue(oldest.outLines().get(2).contains("COMPLETED") && oldest.outLines().get(2).endsWith("charged order-1"),
                oldest.toString());
        assertTrue(oldest.outLines().get(3).contains("FAILED"), oldest.toString());
    }

    /** R42, R43, R44, R48: inspect shows a paused queue as paused, and each task's priority, key and last progress. */
    @Test
    void r44_r42_r43_r48_showsPausedQueuesAndEachTasksPriorityKeyAndLastProgress() throws Exception {
        Path data = dataAtRest();
        List<String> before = Run.tree(data);

        Run owners = Run.of("inspect", data.toString(), "--owner", "billing");
        assertEquals(0, owners.exitCode(), owners.toString());
        assertEquals("yes", owners.row("billing", "reminders").get(7), owners.toString());
        assertEquals("no", owners.row("billing", "invoices").get(7), owners.toString());

        Run reminders = Run.of("inspect", data.toString(), "--owner", "billing", "--queue", "reminders");
        assertEquals(0, reminders.exitCode(), reminders.toString());
        List<List<String>> rows = reminders.outLines().subList(2, 5).stream()
                .map(line -> List.of(line.strip().split(" {2,}"))).toList();
        assertEquals(List.of(
                List.of("COMPLETED", "0", "-", "100% charged"),
                List.of("PENDING", "-3", "reminder-2", "-"),
                List.of("PENDING", "0", "-", "-")),
                rows.stream().map(row -> List.of(row.get(1), row.get(3), row.get(4), row.get(5))).toList(),
                reminders.toString());

        Run invoices = Run.of("inspect", data.toString(), "--owner", "billing", "--queue", "invoices",
                "--status", "completed");
        assertEquals(List.of("100% charged", "100% charged"), invoices.outLines().subList(2, 4).stream()
                .map(line -> line.strip().split(" {2,}")[5]).toList(), "the last report stays after the run ends");

        assertEquals(before, Run.tree(data), "inspect created or left files behind");
        try (TaskHost host = TaskHost.builder().store(StoreChoice.sqlite(data).provider()).build()) {
            TaskService billing = host.service("billing", 2, task -> "charged");
            billing.createQueue("reminders", QueueConfig.builder().delay(LONG_DELAY).build());
            assertTrue(billing.listQueues().stream().filter(queue -> queue.name().equals("reminders"))
                    .allMatch(queue -> queue.paused()), "inspect resumed nothing: the pause is still stored (R44)");
        }
    }

    @Test
    void r3_anUnknownOwnerOrQueueIsReportedAndCreatesNothing() throws Exception {
        Path data = dataAtRest();
        List<String> before = Run.tree(data);

        Run ghost = Run.of("inspect", data.toString(), "--owner", "ghost");
        assertEquals(1, ghost.exitCode(), ghost.toString());
        assertEquals("no such owner 'ghost' in " + data + "; owners: billing, shipping", ghost.err().strip());

        Run notAnOwnerId = Run.of("inspect", data.toString(), "--owner", "../billing", "--queue", "invoices");
        assertEquals(1, notAnOwnerId.exitCode(), notAnOwnerId.toString());
        assertTrue(notAnOwnerId.err().startsWith("no such owner '../billing'"), notAnOwnerId.toString());

        Run noQueue = Run.of("inspect", data.toString(), "--owner", "billing", "--queue", "refunds");
        assertEquals(1, noQueue.exitCode(), noQueue.toString());
        assertEquals("owner 'billing' has no queue 'refunds'; its queues: invoices, reminders", noQueue.err().strip());

        assertEquals(before, Run.tree(data), "inspect created or left files behind");

        Path missing = dir.resolve("no-such-data");
        Run noData = Run.of("inspect", missing.toString());
        assertEquals(1, noData.exitCode(), noData.toString());
        assertEquals("no data directory at " + missing.toAbsolutePath(), noData.err().strip());
        assertFalse(Files.exists(missing));
    }

    @Test
    void r20_readsTheTasksOfAHostThatIsRunningThem() throws Exception {
        Path data = dir.resolve("data");
        CountDownLatch release = new CountDownLatch(1);
        try (TaskHost host = TaskHost.builder().store(StoreChoice.sqlite(data).provider()).build()) {
            try {
                TaskService live = host.service("live", 1, task -> {
                    task.progress(40, "halfway there");
                    release.await();
                    return "done";
                });
                live.createQueue("work", QueueConfig.defaults());
                String running = live.enqueue("work", new byte[0]);
                live.enqueue("work", new byte[0]);
                awaitStatus(live, running, TaskStatus.RUNNING);

                Run counts = Run.of("inspect", data.toString());
                assertEquals(0, counts.exitCode(), counts.toString());
                assertEquals(List.of("live", "work", "1", "1", "0", "0", "0", "no"), counts.row("live"));
                assertTrue(counts.out().contains("\nhosts: cannot tell; " + data + " belongs to one process"),
                        "the host runs, but its files do not say so: " + counts);
                assertFalse(counts.out().contains("none live"), counts.toString());

                Run tasks = Run.of("inspect", data.toString(), "--owner", "live", "--queue", "work", "--status", "RUNNING");
                assertEquals(0, tasks.exitCode(), tasks.toString());
                assertEquals(List.of(running, "RUNNING", "1"), tasks.row(running).subList(0, 3));

                // R48: the host stores a running task's report within a second or so; wait until it has.
                Run progress = awaitProgress(data, running);
                assertEquals("40% halfway there", progress.row(running).get(5), progress.toString());
            } finally {
                // Before the host closes, which would wait out its grace period for the blocked run.
                release.countDown();
            }
        }
    }

    /**
     * A copy in directories the user may not write (immutable, which binds root too): inspect reads
     * it, as its help promises, and creates nothing there ({@code StoreContext.readOnly}).
     */
    @Test
    void r1_readsACopyInADirectoryItMayNotWrite() throws Exception {
        Path copy = copyOf(dataAtRest(), dir.resolve("copy"));
        List<String> before = Run.tree(copy);

        Run run = Immutable.during(new Path[] {copy.resolve("billing"), copy.resolve("shipping"), copy},
                () -> Run.of("inspect", copy.toString()));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("billing", "invoices", "0", "0", "2", "1", "0", "no"), run.row("billing", "invoices"));
        assertEquals(List.of("billing", "reminders", "2", "0", "1", "0", "0", "yes"), run.row("billing", "reminders"));
        assertEquals(List.of("shipping", "labels", "1", "0", "1", "0", "1", "no"), run.row("shipping"));
        assertEquals(before, Run.tree(copy));
    }

    /**
     * Read-only database files in a directory that may be written: inspect reads them and leaves no
     * {@code tasks.db-wal} or {@code tasks.db-shm} behind.
     */
    @Test
    void r1_readsReadOnlyDatabaseFilesAndLeavesNoFileBehind() throws Exception {
        Path copy = copyOf(dataAtRest(), dir.resolve("copy"));
        List<String> before = Run.tree(copy);

        Run run = Immutable.during(new Path[] {copy.resolve("billing/tasks.db"), copy.resolve("shipping/tasks.db")},
                () -> Run.of("inspect", copy.toString(), "--owner", "billing", "--queue", "invoices"));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("billing/invoices: 3 task(s)", run.outLines().get(0));
        assertEquals(List.of("COMPLETED", "FAILED", "COMPLETED"),
                run.outLines().subList(2, 5).stream().map(line -> line.strip().split(" {2,}")[1]).toList());
        assertEquals(before, Run.tree(copy), "no -wal or -shm file is left behind");
    }

    /** R23: one corrupt owner database is reported in its row; every healthy owner is listed all the same. */
    @Test
    void r23_aCorruptOwnerIsReportedInItsRowAndTheOthersAreListed() throws Exception {
        Path data = dataAtRest();
        Path corrupt = Files.createDirectories(data.resolve("broken")).resolve("tasks.db");
        Files.writeString(corrupt, "not a database");

        Run run = Run.of("inspect", data.toString());

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(List.of("billing", "invoices", "0", "0", "2", "1", "0", "no"), run.row("billing", "invoices"));
        assertEquals(List.of("shipping", "labels", "1", "0", "1", "0", "1", "no"), run.row("shipping"));
        List<String> broken = run.row("broken");
        assertEquals(2, broken.size(), run.toString());
        assertTrue(broken.get(1).startsWith("cannot be read: ") && broken.get(1).contains(corrupt.toString()),
                run.toString());
        assertEquals("1 owner(s) in " + data + " cannot be read (broken); the others are listed", run.err().strip());

        Run one = Run.of("inspect", data.toString(), "--owner", "broken");
        assertEquals(1, one.exitCode(), one.toString());
        assertEquals(1, one.err().lines().count(), one.toString());
        assertTrue(one.err().startsWith("owner 'broken' in " + data + " cannot be read: ")
                && one.err().contains(corrupt.toString()), one.toString());
        assertEquals("not a database", Files.readString(corrupt), "a corrupt file is left as it is (R23)");
    }

    @Test
    void aQueueWithoutItsOwnerIsAUsageError() throws Exception {
        Run run = Run.of("inspect", dataAtRest().toString(), "--queue", "invoices");
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--queue needs --owner"), run.toString());
    }

    /** Runs inspect on the queue's running tasks until it shows the task's progress. */
    private static Run awaitProgress(Path data, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Run run = Run.of("inspect", data.toString(), "--owner", "live", "--queue", "work", "--status", "RUNNING");
            if (!run.row(id).get(5).equals("-")) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + id + " shows no progress:\n" + run);
            }
            Thread.sleep(50);
        }
    }

    /** R50: with --owner, inspect lists the owner's schedules with their next and last fire; it fires nothing. */
    @Test
    void r50_listsAnOwnersSchedulesWithTheirNextAndLastFire() throws Exception {
        Path data = dir.resolve("scheduled");
        ScheduleInfo hourly;
        try (TaskHost host = TaskHost.builder().store(StoreChoice.sqlite(data).provider()).build()) {
            TaskService feeds = host.service("feeds", 1, task -> "fetched");
            feeds.createQueue("fetch", QueueConfig.builder().retention(Duration.ofDays(1)).build());
            feeds.schedule("hourly", "fetch", Schedule.every(Duration.ofHours(1)), new byte[0]);
            feeds.schedule("ticking", "fetch", Schedule.every(Duration.ofSeconds(1)), new byte[0]);
            // A bound on a condition: the every(1 s) schedule fires within a second or so.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (feeds.listSchedules().stream().noneMatch(s -> s.name().equals("ticking") && s.lastFire().isPresent())) {
                assertTrue(System.nanoTime() < deadline, "no fire of 'ticking' within 30 s");
                Thread.sleep(20);
            }
            hourly = feeds.listSchedules().stream().filter(s -> s.name().equals("hourly")).findFirst().orElseThrow();
        }
        // At rest: the last fire no longer moves (the next, due since, does).
        Instant lastTick;
        try (StoreView view = StoreView.open(StoreChoice.sqlite(data).provider(), java.util.Optional.of(data))) {
            lastTick = view.view().schedules("feeds").stream().filter(s -> s.name().equals("ticking")).findFirst()
                    .orElseThrow().lastFire().orElseThrow();
        }
        List<String> before = Run.tree(data);

        Run run = Run.of("inspect", data.toString(), "--owner", "feeds");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("SCHEDULE", "QUEUE", "WHEN", "NEXT FIRE", "LAST FIRE"), run.row("SCHEDULE"));
        assertEquals(List.of("hourly", "fetch", "every PT1H", hourly.nextFire().orElseThrow().toString(), "-"),
                run.row("hourly"));
        List<String> tick = run.row("ticking");
        assertEquals(List.of("ticking", "fetch", "every PT1S"), tick.subList(0, 3), run.toString());
        assertEquals(lastTick.toString(), tick.get(4), "the last fire stored");
        assertTrue(!Instant.parse(tick.get(3)).isBefore(lastTick.plusSeconds(1)), "the next fire after it: " + tick);
        assertEquals(before, Run.tree(data), "inspect changed no file");
    }

    private static void awaitStatus(TaskService tasks, String id, TaskStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tasks.get(id).status() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + id + " is " + tasks.get(id).status() + ", not " + status);
            }
            Thread.sleep(20);
        }
    }

    private static Path copyOf(Path source, Path target) throws IOException {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Files.copy(path, target.resolve(source.relativize(path).toString()));
            }
        }
        return target;
    }
}
