package dev.taskhost.integration;

import static dev.taskhost.integration.BadInput.fails;
import static dev.taskhost.integration.BadInput.works;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskNotRetryableException;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rows of the bad-input suite for the queue features' inputs: keys (R43), priorities (R42),
 * run-at times and delays (R41), pause, resume, retry and cancel of running tasks on ids and queues
 * that are not the owner's (R2, R44, R45, R47), progress reports (R48), listing (R49) and schedules
 * (R54).
 */
final class BadFeatureInputTables {
    private static final QueueConfig PLAIN = QueueConfig.defaults();
    private static final String UNKNOWN = "no-such-task";

    private BadFeatureInputTables() {
    }

    /** R43: bad keys are refused by the options' builder with the exact error; good ones hold exactly. */
    static Stream<BadInput> keys() {
        List<BadInput> rows = new ArrayList<>();
        badKey(rows, "empty", "", "key '' is 0 bytes of UTF-8; it must be 1 to 256 (R43)");
        badKey(rows, "of 257 ASCII bytes", "k".repeat(257), "' is 257 bytes of UTF-8; it must be 1 to 256 (R43)");
        badKey(rows, "of 129 'e-acute' (258 bytes)", "\u00e9".repeat(129), "is 258 bytes of UTF-8; it must be 1 to 256 (R43)");
        badKey(rows, "of 65 emoji (260 bytes)", "\ud83d\ude80".repeat(65), "is 260 bytes of UTF-8");
        badKey(rows, "with a NUL", "a\u0000b", "key 'a\\u0000b' contains a control character (R43)");
        badKey(rows, "with a line break", "two\nlines", "key 'two\\u000alines' contains a control character (R43)");
        badKey(rows, "with a DEL", "del\u007f", "contains a control character (R43)");
        badKey(rows, "with a C1 control (NEL)", "next\u0085line", "contains a control character (R43)");
        badKey(rows, "with an ANSI escape", "\u001b[31mred", "contains a control character (R43)");
        badKey(rows, "with a lone high surrogate", "\ud800", "contains a lone surrogate, which UTF-8 cannot encode (R43)");
        badKey(rows, "with a lone low surrogate", "a\udc00b", "contains a lone surrogate, which UTF-8 cannot encode (R43)");
        rows.add(fails("R43", "a null key", NullPointerException.class, "key",
                stored -> EnqueueOptions.builder().key(null)));
        for (String key : List.of("k".repeat(256), "\u00e9".repeat(128), "\ud83d\ude80".repeat(64), " ",
                "'; DROP TABLE tasks; --", "k' OR '1'='1", "%", "_", "\u05e9\u05dc\u05d5\u05dd", "\u202eevil")) {
            rows.add(works("R43", "a key " + describe(key), stored -> {
                stored.app().createQueue("keyed", QueueConfig.builder().delay(StoredTasks.FAR).build());
                stored.app().enqueue("keyed", StoredTasks.text("slot"));
                stored.settle();
                EnqueueOptions keyed = EnqueueOptions.builder().key(key).build();
                String id = stored.app().enqueue("keyed", StoredTasks.text("first"), keyed);
                assertEquals(id, stored.app().enqueue("keyed", StoredTasks.text("second"), keyed));
                assertEquals(Optional.of(key), stored.app().get(id).key());
                String another = key.codePointCount(0, key.length()) > 1
                        ? key.substring(key.offsetByCodePoints(0, 1)) : key + key;
                String anotherId = stored.app().enqueue("keyed", StoredTasks.text("third"),
                        EnqueueOptions.builder().key(another).build());
                assertNotEquals(id, anotherId, "another key is another task");
            }));
        }
        return rows.stream();
    }

    /** R54: bad cron expressions, zero and negative intervals and bad schedule names, each with the exact error. */
    static Stream<BadInput> schedules() {
        List<BadInput> rows = new ArrayList<>();
        badCron(rows, "61 * * * *", "cron expression '61 * * * *': minute field '61' is invalid");
        badCron(rows, "0 24 * * *", "hour field '24' is invalid");
        badCron(rows, "0 0 32 * *", "day-of-month field '32' is invalid");
        badCron(rows, "0 0 * 13 *", "month field '13' is invalid");
        badCron(rows, "0 0 * * 8", "day-of-week field '8' is invalid");
        badCron(rows, "60 0 8 * * *", "second field '60' is invalid");
        badCron(rows, "0 8 * * mon-xyz", "day-of-week field 'mon-xyz' is invalid");
        badCron(rows, "*/0 * * * *", "minute field '*/0' is invalid");
        rows.add(fails("R54", "a cron expression of 4 fields", IllegalArgumentException.class,
                "cron expression '* * * *' has 4 field(s); it must have 5", stored -> Schedule.cron("* * * *")));
        rows.add(fails("R54", "a cron expression of 7 fields", IllegalArgumentException.class,
                "has 7 field(s)", stored -> Schedule.cron("0 0 0 * * * 2030")));
        rows.add(fails("R54", "a blank cron expression", IllegalArgumentException.class,
                "cron expression '  ' is blank (R54)", stored -> Schedule.cron("  ")));
        rows.add(fails("R54", "a cron expression with a NUL", IllegalArgumentException.class,
                "contains a control character (R54)", stored -> Schedule.cron("0 8 * * *\u0000")));
        rows.add(fails("R54", "a null zone", NullPointerException.class, "zone",
                stored -> Schedule.cron("0 8 * * *", null)));
        rows.add(fails("R54", "a zero interval", IllegalArgumentException.class,
                "interval PT0S is zero; it must be positive (R54)", stored -> Schedule.every(Duration.ZERO)));
        rows.add(fails("R54", "a negative interval", IllegalArgumentException.class,
                "interval PT-1S is negative; it must be positive (R54)", stored -> Schedule.every(Duration.ofSeconds(-1))));
        rows.add(fails("R54", "an interval of Long.MIN_VALUE seconds", IllegalArgumentException.class,
                "is negative", stored -> Schedule.every(Duration.ofSeconds(Long.MIN_VALUE))));
        rows.add(fails("R54", "an interval of Long.MAX_VALUE seconds", IllegalArgumentException.class,
                "must be PT1S to", stored -> Schedule.every(Duration.ofSeconds(Long.MAX_VALUE))));
        rows.add(fails("R54", "an interval of 1 ms", IllegalArgumentException.class,
                "interval PT0.001S must be PT1S to", stored -> Schedule.every(Duration.ofMillis(1))));
        badName(rows, "empty", "", "schedule name '' is 0 bytes of UTF-8; it must be 1 to 128 (R54)");
        badName(rows, "of 129 bytes", "s".repeat(129), "is 129 bytes of UTF-8; it must be 1 to 128 (R54)");
        badName(rows, "with a line break", "two\nlines", "contains a control character (R54)");
        badName(rows, "with a lone surrogate", "\ud800", "contains a lone surrogate, which UTF-8 cannot encode (R54)");
        rows.add(fails("R54", "a null schedule name", NullPointerException.class, "scheduleName",
                stored -> stored.app().schedule(null, "kept", Schedule.every(Duration.ofMinutes(1)), new byte[0])));
        rows.add(fails("R54", "unschedule of an empty name", IllegalArgumentException.class,
                "schedule name '' is 0 bytes", stored -> stored.app().unschedule("")));
        rows.add(fails("R53", "a schedule on a queue not created", QueueNotFoundException.class,
                "has not created queue 'nowhere'",
                stored -> stored.app().schedule("s", "nowhere", Schedule.every(Duration.ofMinutes(1)), new byte[0])));
        for (String name : List.of("s".repeat(128), "'; DROP TABLE schedules; --", "\u05e9\u05dc\u05d5\u05dd", " ")) {
            rows.add(works("R50", "a schedule name " + describe(name), stored -> {
                stored.app().schedule(name, "kept", Schedule.cron("0 8 * * 1-5"), new byte[] {1});
                assertEquals(List.of(name), stored.app().listSchedules().stream().map(s -> s.name()).toList());
                stored.app().unschedule(name);
            }));
        }
        return rows.stream();
    }

    private static void badCron(List<BadInput> rows, String expression, String fragment) {
        rows.add(fails("R54", "a cron expression '" + expression + "'", IllegalArgumentException.class, fragment,
                stored -> stored.app().schedule("nightly", "kept", Schedule.cron(expression), new byte[0])));
    }

    private static void badName(List<BadInput> rows, String description, String name, String fragment) {
        rows.add(fails("R54", "a schedule name " + description, IllegalArgumentException.class, fragment,
                stored -> stored.app().schedule(name, "kept", Schedule.every(Duration.ofMinutes(1)), new byte[0])));
    }

    private static void badKey(List<BadInput> rows, String description, String key, String fragment) {
        rows.add(fails("R43", "a key " + description, IllegalArgumentException.class, fragment,
                stored -> stored.app().enqueue("kept", StoredTasks.text("x"), EnqueueOptions.builder().key(key).build())));
    }

    /** R42: every int is a priority, stored exactly, the edges included. */
    static Stream<BadInput> priorities() {
        return Stream.of(Integer.MIN_VALUE, Integer.MIN_VALUE + 1, -1, 0, 1, Integer.MAX_VALUE - 1, Integer.MAX_VALUE)
                .map(priority -> works("R42", "priority " + priority, stored -> {
                    stored.app().createQueue("plain", PLAIN);
                    String id = stored.app().enqueue("plain", StoredTasks.text("x"),
                            EnqueueOptions.builder().priority(priority).build());
                    stored.settle();
                    TaskInfo info = stored.app().get(id);
                    assertEquals(priority, info.priority());
                    assertEquals(TaskStatus.COMPLETED, info.status());
                }));
    }

    /** R41: run-at times up to the latest ready time, and non-negative delays; far past means now. */
    static Stream<BadInput> runTimes() {
        return Stream.of(
                fails("R41", "runAt(Instant.MAX)", IllegalArgumentException.class,
                        "runAt +1000000000-12-31T23:59:59.999999999Z is after the latest ready time "
                                + "9999-12-31T23:59:59.999Z (R41)",
                        stored -> EnqueueOptions.builder().runAt(Instant.MAX)),
                fails("R41", "runAt one millisecond after the latest ready time", IllegalArgumentException.class,
                        "runAt +10000-01-01T00:00:00Z is after the latest ready time 9999-12-31T23:59:59.999Z (R41)",
                        stored -> EnqueueOptions.builder().runAt(TaskLimits.LATEST_READY_AT.plusMillis(1))),
                fails("R41", "runAfter of -1 ns", IllegalArgumentException.class,
                        "runAfter must not be negative (R41), was PT-0.000000001S",
                        stored -> EnqueueOptions.builder().runAfter(Duration.ofNanos(-1))),
                fails("R41", "runAfter of Long.MIN_VALUE seconds", IllegalArgumentException.class,
                        "runAfter must not be negative (R41), was PT-2562047788015215H-30M-8S",
                        stored -> EnqueueOptions.builder().runAfter(Duration.ofSeconds(Long.MIN_VALUE))),
                fails("R41", "a null runAt", NullPointerException.class, "runAt",
                        stored -> EnqueueOptions.builder().runAt(null)),
                fails("R41", "a null runAfter", NullPointerException.class, "runAfter",
                        stored -> EnqueueOptions.builder().runAfter(null)),
                fails("R41", "null options", NullPointerException.class, "options",
                        stored -> stored.app().enqueue("kept", StoredTasks.text("x"), null)),
                works("R41", "runAt of the latest ready time waits, stored exactly", stored ->
                        waits(stored, EnqueueOptions.builder().runAt(TaskLimits.LATEST_READY_AT).build())),
                works("R41", "runAfter of Long.MAX_VALUE seconds waits until the latest ready time", stored ->
                        waits(stored, EnqueueOptions.builder().runAfter(Duration.ofSeconds(Long.MAX_VALUE)).build())),
                works("R41", "runAt(Instant.MIN) runs now", stored -> runsNow(stored, Instant.MIN)),
                works("R41", "runAt of the epoch runs now", stored -> runsNow(stored, Instant.EPOCH)),
                works("R41", "runAt a nanosecond before now runs now",
                        stored -> runsNow(stored, stored.clock.instant().minusNanos(1))));
    }

    private static void waits(StoredTasks stored, EnqueueOptions options) throws InterruptedException {
        stored.app().createQueue("plain", PLAIN);
        String id = stored.app().enqueue("plain", StoredTasks.text("x"), options);
        stored.settle();
        TaskInfo info = stored.app().get(id);
        assertEquals(TaskStatus.PENDING, info.status());
        assertEquals(Optional.of(TaskLimits.LATEST_READY_AT), info.readyAt());
    }

    private static void runsNow(StoredTasks stored, Instant at) throws InterruptedException {
        stored.app().createQueue("plain", PLAIN);
        String id = stored.app().enqueue("plain", StoredTasks.text("x"), EnqueueOptions.builder().runAt(at).build());
        stored.settle();
        TaskInfo info = stored.app().get(id);
        assertEquals(TaskStatus.COMPLETED, info.status());
        assertEquals(stored.clock.instant(), info.updatedAt(), "it ran at once");
    }

    /**
     * R2, R44, R45, R47, R49: pause, resume, retry, cancel of running tasks and listing, on queues
     * and ids the owner does not have, another owner's included, and on tasks in the wrong status.
     */
    static Stream<BadInput> queueControl() {
        List<BadInput> rows = new ArrayList<>();
        for (String queue : List.of("never", "theirs")) {
            String notCreated = "owner 'app' has not created queue '" + queue + "' in this host's lifetime (R8)";
            rows.add(fails("R44", "pauseQueue of queue '" + queue + "'", QueueNotFoundException.class, notCreated,
                    stored -> stored.app().pauseQueue(queue)));
            rows.add(fails("R44", "resumeQueue of queue '" + queue + "'", QueueNotFoundException.class, notCreated,
                    stored -> stored.app().resumeQueue(queue)));
            rows.add(fails("R49", "listTasks of queue '" + queue + "'", QueueNotFoundException.class,
                    "owner 'app' has no queue '" + queue + "' (R49)",
                    stored -> stored.app().listTasks(queue, Optional.empty(), Optional.empty(), 10)));
        }
        rows.add(fails("R44", "pauseQueue with an empty name", IllegalArgumentException.class,
                "is 0 bytes of UTF-8; it must be 1 to 128 (R5)", stored -> stored.app().pauseQueue("")));
        rows.add(fails("R44", "resumeQueue with a control character", IllegalArgumentException.class,
                "contains a control character (R5)", stored -> stored.app().resumeQueue("a\nb")));
        rows.add(fails("R45", "retry of an unknown id", TaskNotFoundException.class,
                "owner 'app' has no task 'no-such-task' (R2)", stored -> stored.app().retry(UNKNOWN)));
        rows.add(fails("R45", "retry of another owner's pending task", TaskNotFoundException.class,
                "owner 'app' has no task '", stored -> stored.app().retry(stored.othersTask())));
        rows.add(works("R45", "retry of another owner's id and of an unknown one get the same answer", stored -> {
            String others = stored.othersTask();
            String unknown = "x".repeat(others.length());
            String forOthers = assertThrows(TaskNotFoundException.class, () -> stored.app().retry(others)).getMessage();
            String forUnknown = assertThrows(TaskNotFoundException.class, () -> stored.app().retry(unknown)).getMessage();
            assertEquals(forUnknown.replace(unknown, "<id>"), forOthers.replace(others, "<id>"));
        }));
        rows.add(fails("R45", "retry of a completed task", TaskNotRetryableException.class,
                "' is COMPLETED; only failed or cancelled tasks can be retried (R45)",
                stored -> stored.app().retry(stored.appsTask())));
        rows.add(fails("R45", "retry with a null id", NullPointerException.class, "taskId",
                stored -> stored.app().retry(null)));
        rows.add(fails("R47", "cancel(id, true) of an unknown id", TaskNotFoundException.class,
                "owner 'app' has no task 'no-such-task' (R2)", stored -> stored.app().cancel(UNKNOWN, true)));
        rows.add(fails("R47", "cancel(id, true) of another owner's pending task", TaskNotFoundException.class,
                "owner 'app' has no task '", stored -> stored.app().cancel(stored.othersTask(), true)));
        rows.add(fails("R47", "cancel(id, true) of a completed task", TaskNotCancellableException.class,
                "' is COMPLETED; only pending or running tasks can be cancelled (R47)",
                stored -> stored.app().cancel(stored.appsTask(), true)));
        for (int size : new int[] {0, -1, TaskLimits.MAX_PAGE_SIZE + 1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            rows.add(fails("R49", "listTasks with a page size of " + size, IllegalArgumentException.class,
                    "pageSize must be 1 to 1000 (R49), was " + size,
                    stored -> stored.app().listTasks("kept", Optional.empty(), Optional.empty(), size)));
        }
        for (String cursor : List.of("", "garbage", "-1", "99999999999999999999999", "' OR '1'='1")) {
            rows.add(fails("R49", "listTasks with the cursor '" + cursor + "'", IllegalArgumentException.class,
                    TaskLimits.badCursor("kept", cursor).getMessage(),
                    stored -> stored.app().listTasks("kept", Optional.empty(), Optional.of(cursor), 10)));
        }
        rows.add(works("R49", "listQueues shows the owner's queues only", stored -> assertEquals(
                List.of("broken", "kept"), stored.app().listQueues().stream().map(q -> q.name()).toList())));
        return rows.stream();
    }

    /**
     * R48: a report outside 0-100 or with a note over 1 KiB is refused with the exact error (the
     * worker's attempt fails with it), and stores no progress; the edges are stored exactly.
     */
    static Stream<BadInput> progress() {
        return Stream.of(
                refusedReport("101 percent", 101, 0, "progress percent must be 0 to 100 (R48), was 101"),
                refusedReport("-1 percent", -1, 0, "progress percent must be 0 to 100 (R48), was -1"),
                refusedReport("Integer.MIN_VALUE percent", Integer.MIN_VALUE, 0,
                        "progress percent must be 0 to 100 (R48), was -2147483648"),
                refusedReport("a note of 1025 bytes", 50, 1025,
                        "progress note is 1025 bytes of UTF-8, over the limit of 1024 (R48)"),
                storedReport(0, 0), storedReport(100, 1024));
    }

    private static BadInput refusedReport(String what, int percent, int noteBytes, String error) {
        return works("R48", "a progress report of " + what + " is refused: " + error, stored -> {
            TaskInfo info = report(stored, percent, noteBytes);
            assertEquals(TaskStatus.FAILED, info.status());
            assertEquals(error, info.message());
            assertEquals(Optional.empty(), info.progress());
        });
    }

    private static BadInput storedReport(int percent, int noteBytes) {
        return works("R48", "a progress report of " + percent + " percent with a note of " + noteBytes + " bytes",
                stored -> {
                    TaskInfo info = report(stored, percent, noteBytes);
                    assertEquals(TaskStatus.COMPLETED, info.status());
                    assertEquals(Optional.of(new TaskProgress(percent, "n".repeat(noteBytes), stored.clock.instant())),
                            info.progress());
                });
    }

    private static TaskInfo report(StoredTasks stored, int percent, int noteBytes) throws InterruptedException {
        stored.app().createQueue("plain", PLAIN);
        String id = stored.app().enqueue("plain", StoredTasks.text("progress " + percent + " " + noteBytes));
        stored.settle();
        return stored.app().get(id);
    }

    private static String describe(String key) {
        String shown = key.length() > 20 ? key.substring(0, 20) + "... (" + key.length() + " chars)" : key;
        return "'" + shown + "'";
    }
}
