package dev.taskhost.integration;

import static dev.taskhost.integration.BadInput.fails;
import static dev.taskhost.integration.BadInput.works;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The rows of the bad-input suite for settings, storage and workers. */
final class BadSettingsTables {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MILLI = Duration.ofMillis(1);
    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE);

    private BadSettingsTables() {
    }

    /** R7: negatives refused, zeros the defaults, retention clamped; R14: the backoff capped at 1 h. */
    static Stream<BadInput> configs() {
        return Stream.of(
                fails("R7", "concurrency -1", IllegalArgumentException.class,
                        "concurrency must not be negative (R7), was -1",
                        stored -> create(stored, QueueConfig.builder().concurrency(-1).build())),
                fails("R7", "maxRetries Integer.MIN_VALUE", IllegalArgumentException.class,
                        "maxRetries must not be negative (R7), was -2147483648",
                        stored -> create(stored, QueueConfig.builder().maxRetries(Integer.MIN_VALUE).build())),
                fails("R7", "backoff -1 ms", IllegalArgumentException.class,
                        "backoff must not be negative (R7), was PT-0.001S",
                        stored -> create(stored, QueueConfig.builder().backoff(MILLI.negated()).build())),
                fails("R7", "delay -1 ns", IllegalArgumentException.class, "delay must not be negative (R7)",
                        stored -> create(stored, QueueConfig.builder().delay(Duration.ofNanos(-1)).build())),
                fails("R7", "retention -1 s", IllegalArgumentException.class, "retention must not be negative (R7)",
                        stored -> create(stored, QueueConfig.builder().retention(Duration.ofSeconds(-1)).build())),
                fails("R7", "timeout -1 day", IllegalArgumentException.class, "timeout must not be negative (R7)",
                        stored -> create(stored, QueueConfig.builder().timeout(Duration.ofDays(-1)).build())),
                fails("R7", "a negative concurrency through the record's constructor", IllegalArgumentException.class,
                        "concurrency must not be negative (R7), was -5", stored -> create(stored,
                                new QueueConfig(-5, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO))),
                fails("R7", "a null delay", NullPointerException.class, "delay",
                        stored -> create(stored, QueueConfig.builder().delay(null).build())),
                fails("R7", "a null config", NullPointerException.class, "config",
                        stored -> stored.app().createQueue("configured", null)),
                works("R7", "all zero: the defaults, a zero backoff retrying after 1 s", stored -> {
                    QueueConfig zeros = new QueueConfig(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
                    assertEquals(QueueConfig.defaults(), zeros);
                    assertEquals(new QueueConfig(1, 0, Duration.ofSeconds(1), Duration.ZERO, HOUR, Duration.ZERO), zeros);
                    retriesAfter(stored, QueueConfig.builder().maxRetries(1).build(), List.of(Duration.ofSeconds(1)));
                }),
                works("R14", "backoff 1,000 years: each retry after the 1 h cap", stored ->
                        retriesAfter(stored, QueueConfig.builder().maxRetries(2).backoff(Duration.ofDays(365_000)).build(),
                                List.of(HOUR, HOUR))),
                works("R14", "backoff Long.MAX_VALUE seconds: the 1 h cap, no overflow", stored -> {
                    assertEquals(HOUR, QueueConfig.builder().backoff(LONGEST).build().retryDelay(1));
                    retriesAfter(stored, QueueConfig.builder().maxRetries(1).backoff(LONGEST).build(), List.of(HOUR));
                }),
                works("R14", "the backoff of attempt Integer.MAX_VALUE: the 1 h cap, no overflow", stored ->
                        assertEquals(HOUR, QueueConfig.defaults().retryDelay(Integer.MAX_VALUE))),
                works("R14", "maxRetries Integer.MAX_VALUE: a failing task keeps coming back", stored -> {
                    create(stored, QueueConfig.builder().maxRetries(Integer.MAX_VALUE).build());
                    String id = stored.app().enqueue("configured", StoredTasks.text("fail"));
                    stored.settle();
                    for (int wait = 1; wait <= 4; wait *= 2) {
                        stored.advance(Duration.ofSeconds(wait));
                    }
                    TaskInfo info = stored.app().get(id);
                    assertEquals(TaskStatus.PENDING, info.status());
                    assertEquals(4, info.attempt());
                }),
                works("R4", "concurrency Integer.MAX_VALUE: what is left of the budget", stored -> {
                    create(stored, QueueConfig.builder().concurrency(Integer.MAX_VALUE).build());
                    var e = assertThrows(IllegalStateException.class,
                            () -> stored.app().createQueue("more", QueueConfig.defaults()));
                    assertTrue(e.getMessage().contains("8/8 allocated (R4)"), e.getMessage());
                    runsOne(stored);
                }),
                works("R13", "delay 1,000 years: the first start at once, the next one not yet", stored ->
                        startsOneOnly(stored, Duration.ofDays(365_000))),
                works("R13", "delay Long.MAX_VALUE seconds: the first start at once, the host unharmed", stored ->
                        startsOneOnly(stored, LONGEST)),
                works("R15", "timeout Long.MAX_VALUE seconds: tasks run, three at once", stored -> {
                    create(stored, QueueConfig.builder().concurrency(3).maxRetries(1).timeout(LONGEST).build());
                    List<String> ids = List.of(stored.app().enqueue("configured", StoredTasks.text("fail")),
                            stored.app().enqueue("configured", StoredTasks.text("fail")),
                            stored.app().enqueue("configured", StoredTasks.text("fail")));
                    stored.settle();
                    // Their retries are ready at the same instant, so one dispatch starts all three.
                    stored.advance(Duration.ofSeconds(1));
                    for (String id : ids) {
                        assertEquals(TaskStatus.FAILED, stored.app().get(id).status());
                        assertEquals(2, stored.app().get(id).attempt());
                    }
                }),
                works("R7", "retention 1 ms: clamped to 1 min, then removed (R21)", stored -> {
                    QueueConfig config = QueueConfig.builder().retention(MILLI).build();
                    assertEquals(Duration.ofMinutes(1), config.retention());
                    create(stored, config);
                    String id = runsOne(stored);
                    stored.advance(Duration.ofMinutes(1).minus(MILLI));
                    assertEquals(TaskStatus.COMPLETED, stored.app().get(id).status());
                    stored.advance(MILLI);
                    assertThrows(TaskNotFoundException.class, () -> stored.app().get(id));
                }),
                works("R7", "retention 30 days: clamped to 1 week", stored -> {
                    QueueConfig config = QueueConfig.builder().retention(Duration.ofDays(30)).build();
                    assertEquals(Duration.ofDays(7), config.retention());
                    create(stored, config);
                    String id = runsOne(stored);
                    stored.advance(Duration.ofDays(7).minus(MILLI));
                    assertEquals(TaskStatus.COMPLETED, stored.app().get(id).status());
                }));
    }

    private static void create(StoredTasks stored, QueueConfig config) {
        stored.app().createQueue("configured", config);
    }

    private static String runsOne(StoredTasks stored) throws InterruptedException {
        String id = stored.app().enqueue("configured", StoredTasks.text("plain"));
        stored.settle();
        assertEquals(TaskStatus.COMPLETED, stored.app().get(id).status());
        return id;
    }

    /** A failing task comes back after exactly each of {@code waits}, not a millisecond sooner (R14). */
    private static void retriesAfter(StoredTasks stored, QueueConfig config, List<Duration> waits)
            throws InterruptedException {
        create(stored, config);
        String id = stored.app().enqueue("configured", StoredTasks.text("fail"));
        stored.settle();
        for (int attempt = 1; attempt <= waits.size(); attempt++) {
            assertEquals(attempt, stored.app().get(id).attempt());
            stored.advance(waits.get(attempt - 1).minus(MILLI));
            assertEquals(attempt, stored.app().get(id).attempt(), "retried before the backoff was over");
            stored.advance(MILLI);
        }
        assertEquals(waits.size() + 1, stored.app().get(id).attempt());
    }

    private static void startsOneOnly(StoredTasks stored, Duration delay) throws InterruptedException {
        create(stored, QueueConfig.builder().delay(delay).retention(Duration.ofDays(7)).build());
        String first = stored.app().enqueue("configured", StoredTasks.text("plain"));
        String second = stored.app().enqueue("configured", StoredTasks.text("plain"));
        stored.settle();
        stored.advance(Duration.ofDays(1));
        assertEquals(TaskStatus.COMPLETED, stored.app().get(first).status());
        assertEquals(TaskStatus.PENDING, stored.app().get(second).status());
        // The host keeps running the other queues.
        stored.app().createQueue("neighbour", QueueConfig.defaults());
        String neighbour = stored.app().enqueue("neighbour", StoredTasks.text("plain"));
        stored.settle();
        assertEquals(TaskStatus.COMPLETED, stored.app().get(neighbour).status());
    }

    /** R23: storage that cannot be written, or holds what this code must not touch, fails clearly and loses nothing. */
    static Stream<BadInput> storage() {
        return Stream.of(
                fails("R23", "a data directory made read-only: a new owner's database", TaskStoreException.class,
                        "newcomer", stored -> {
                            Immutable.during(() -> stored.host().service("newcomer", 1, task -> ""), stored.data);
                        }),
                fails("R23", "an owner's folder made read-only, then opened", TaskStoreException.class, "'app'",
                        stored -> {
                            stored.closeHost();
                            Immutable.during(() -> reopenAndEnqueue(stored), stored.appDatabase().getParent());
                        }).then(BadSettingsTables::reopenAgain, StoredTasks.APP, StoredTasks.OTHER),
                fails("R23", "an owner's database file made read-only, then opened", TaskStoreException.class,
                        "'app'", stored -> {
                            stored.closeHost();
                            Immutable.during(() -> reopenAndEnqueue(stored), stored.appDatabase());
                        }).then(BadSettingsTables::reopenAgain, StoredTasks.APP, StoredTasks.OTHER),
                garbage(),
                newerSchema());
    }

    /** Whichever call meets the read-only file first must fail with TaskStoreException. */
    private static void reopenAndEnqueue(StoredTasks stored) {
        stored.reopen();
        stored.app().createQueue("kept", QueueConfig.builder().delay(StoredTasks.FAR).build());
        stored.app().enqueue("kept", StoredTasks.text("plain"));
    }

    private static void reopenAgain(StoredTasks stored) {
        stored.closeHost();
        stored.reopen();
    }

    private static final byte[] GARBAGE = "not a database, and precious: never to be overwritten"
            .repeat(200).getBytes(StandardCharsets.UTF_8);

    private static BadInput garbage() {
        return fails("R23", "an owner's database file replaced by garbage", TaskStoreException.class,
                "is not a SQLite database", stored -> {
                    stored.closeHost();
                    Path file = stored.appDatabase();
                    for (Path companion : List.of(file, file.resolveSibling("tasks.db-wal"),
                            file.resolveSibling("tasks.db-shm"))) {
                        Files.deleteIfExists(companion);
                    }
                    Files.write(file, GARBAGE);
                    stored.reopen();
                }).then(stored -> {
                    assertArrayEquals(GARBAGE, Files.readAllBytes(stored.appDatabase()));
                    assertFalse(Files.exists(stored.appDatabase().resolveSibling("tasks.db-wal")));
                }, StoredTasks.OTHER);
    }

    private static BadInput newerSchema() {
        byte[][] asFound = new byte[1][];
        int[] known = new int[1];
        return fails("R23", "an owner's database with a schema newer than the code", TaskStoreException.class,
                "has schema version 99, newer than version", stored -> {
                    stored.closeHost();
                    known[0] = SqliteProbe.userVersion(stored.appDatabase());
                    SqliteProbe.setUserVersion(stored.appDatabase(), 99);
                    asFound[0] = Files.readAllBytes(stored.appDatabase());
                    stored.reopen();
                }).then(stored -> {
                    assertArrayEquals(asFound[0], Files.readAllBytes(stored.appDatabase()), "the file was changed");
                    // Put back the version this code knows: every task stored before is there.
                    stored.closeHost();
                    SqliteProbe.setUserVersion(stored.appDatabase(), known[0]);
                    stored.reopen();
                }, StoredTasks.APP, StoredTasks.OTHER);
    }

    /** R24: whatever a worker throws fails its own attempt only; R15: a timeout holds against a stubborn one. */
    static Stream<BadInput> workers() {
        return Stream.of(
                works("R24", "a worker throwing StackOverflowError", stored ->
                        failsAloneWith(stored, "overflow", "java.lang.StackOverflowError")),
                works("R24", "a worker throwing InternalError", stored ->
                        failsAloneWith(stored, "error", "an Error from the worker")),
                works("R24", "a worker returning with its thread interrupted", stored -> {
                    stored.app().createQueue("work", QueueConfig.defaults());
                    String interrupting = stored.app().enqueue("work", StoredTasks.text("interrupt"));
                    String napping = stored.app().enqueue("work", StoredTasks.text("nap"));
                    stored.settle();
                    assertEquals(TaskStatus.COMPLETED, stored.app().get(interrupting).status());
                    assertEquals(TaskStatus.COMPLETED, stored.app().get(napping).status(),
                            () -> "an interrupt leaked into the next task: " + stored.app().get(napping));
                }),
                works("R15", "a worker ignoring interrupts past its timeout (R24)", stored -> {
                    stored.app().createQueue("work", QueueConfig.builder().timeout(Duration.ofMillis(200)).build());
                    String stubborn = stored.app().enqueue("work", StoredTasks.text("stubborn"));
                    String next = stored.app().enqueue("work", StoredTasks.text("plain"));
                    stored.settle();
                    TaskInfo timedOut = stored.app().get(stubborn);
                    assertEquals(TaskStatus.FAILED, timedOut.status());
                    assertEquals("timed out after PT0.2S (R15)", timedOut.message());
                    assertEquals(TaskStatus.COMPLETED, stored.app().get(next).status());
                    // When it finally returns, its result changes nothing.
                    stored.releaseStubborn();
                    assertTrue(stored.stubbornReturned.await(10, TimeUnit.SECONDS));
                    stored.settle();
                    assertEquals(timedOut, stored.app().get(stubborn));
                }));
    }

    /** The attempt fails with {@code message}; the next task of the queue, and another queue's, still run. */
    private static void failsAloneWith(StoredTasks stored, String payload, String message) throws InterruptedException {
        stored.app().createQueue("work", QueueConfig.defaults());
        stored.app().createQueue("beside", QueueConfig.defaults());
        String failing = stored.app().enqueue("work", StoredTasks.text(payload));
        String next = stored.app().enqueue("work", StoredTasks.text("plain"));
        String beside = stored.app().enqueue("beside", StoredTasks.text("plain"));
        stored.settle();
        TaskInfo info = stored.app().get(failing);
        assertEquals(TaskStatus.FAILED, info.status());
        assertEquals(message, info.message());
        assertEquals(TaskStatus.COMPLETED, stored.app().get(next).status());
        assertEquals(TaskStatus.COMPLETED, stored.app().get(beside).status());
    }
}
