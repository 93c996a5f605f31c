package dev.taskhost.integration;

import static dev.taskhost.integration.BadInput.fails;
import static dev.taskhost.integration.BadInput.works;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * R33: the host's own settings at the edge of their type, each refused with the exact error or
 * working as "as large as possible". The queue settings' edges are in {@link BadSettingsTables#configs}.
 */
final class EdgeSettingsTable {
    private static final Duration LONGEST = Duration.ofSeconds(Long.MAX_VALUE);

    private EdgeSettingsTable() {
    }

    static Stream<BadInput> hostSettings() {
        return Stream.of(
                works("R33", "budget and concurrency Integer.MAX_VALUE: tasks run, nothing sized by them", stored -> {
                    TaskService huge = stored.host().service("huge", Integer.MAX_VALUE, task -> "ran");
                    TaskService roomy = stored.host().service("roomy", Integer.MAX_VALUE, task -> "ran");
                    huge.createQueue("wide", QueueConfig.builder().concurrency(Integer.MAX_VALUE).build());
                    roomy.createQueue("narrow", QueueConfig.defaults());
                    List<String> wide = new ArrayList<>();
                    List<String> narrow = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        wide.add(huge.enqueue("wide", StoredTasks.text("plain")));
                    }
                    for (int i = 0; i < 3; i++) {
                        narrow.add(roomy.enqueue("narrow", StoredTasks.text("plain")));
                    }
                    stored.settle();
                    for (String id : wide) {
                        assertEquals(TaskStatus.COMPLETED, huge.get(id).status());
                    }
                    for (String id : narrow) {
                        assertEquals(TaskStatus.COMPLETED, roomy.get(id).status());
                    }
                }),
                works("R33", "awaitIdle Long.MAX_VALUE seconds: true at once on an idle host", stored ->
                        assertTrue(stored.host().awaitIdle(LONGEST))),
                works("R33", "shutdownGrace Long.MAX_VALUE seconds: close waits for the run, which completes (R22)",
                        EdgeSettingsTable::closeWaitsForTheRun),
                works("R33", "lease Long.MAX_VALUE seconds: the host runs tasks", stored -> {
                    stored.closeHost();
                    try (TaskHost host = TaskHost.builder().dataDirectory(stored.data).clock(stored.clock)
                            .lease(LONGEST).build()) {
                        TaskService app = host.service(StoredTasks.APP, StoredTasks.BUDGET, task -> "leased");
                        app.createQueue("leased", QueueConfig.defaults());
                        String id = app.enqueue("leased", StoredTasks.text("plain"));
                        assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
                        assertEquals("leased", app.get(id).message());
                    }
                    stored.reopen();
                }),
                fails("R37", "lease zero", IllegalArgumentException.class, "lease must be at least 1 s (R37), was PT0S",
                        stored -> TaskHost.builder().lease(Duration.ZERO)),
                fails("R37", "lease 999 ms", IllegalArgumentException.class,
                        "lease must be at least 1 s (R37), was PT0.999S",
                        stored -> TaskHost.builder().lease(Duration.ofMillis(999))),
                fails("R37", "lease Long.MIN_VALUE seconds", IllegalArgumentException.class,
                        "lease must be at least 1 s (R37)",
                        stored -> TaskHost.builder().lease(Duration.ofSeconds(Long.MIN_VALUE))),
                fails("R37", "a null lease", NullPointerException.class, "lease",
                        stored -> TaskHost.builder().lease(null)),
                fails("R22", "shutdownGrace Long.MIN_VALUE seconds", IllegalArgumentException.class,
                        "shutdownGrace must not be negative",
                        stored -> TaskHost.builder().shutdownGrace(Duration.ofSeconds(Long.MIN_VALUE))),
                works("R33", "retention Long.MAX_VALUE seconds: clamped to 1 week (R7)", stored -> {
                    QueueConfig config = QueueConfig.builder().retention(LONGEST).build();
                    assertEquals(Duration.ofDays(7), config.retention());
                    stored.app().createQueue("kept long", config);
                    String id = stored.app().enqueue("kept long", StoredTasks.text("plain"));
                    stored.settle();
                    stored.advance(Duration.ofDays(7).minusMillis(1));
                    assertEquals(TaskStatus.COMPLETED, stored.app().get(id).status());
                }));
    }

    /** With the longest grace, close lets a run that takes a while finish, and throws nothing. */
    private static void closeWaitsForTheRun(StoredTasks stored) throws Exception {
        stored.closeHost();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayReturn = new CountDownLatch(1);
        TaskHost host = TaskHost.builder().dataDirectory(stored.data).clock(stored.clock)
                .shutdownGrace(LONGEST).build();
        TaskService app = host.service(StoredTasks.APP, StoredTasks.BUDGET, task -> {
            started.countDown();
            mayReturn.await();
            return "finished in the longest grace";
        });
        app.createQueue("graceful", QueueConfig.defaults());
        String id = app.enqueue("graceful", StoredTasks.text("plain"));
        assertTrue(started.await(30, TimeUnit.SECONDS));
        AtomicReference<Throwable> closeFailed = new AtomicReference<>();
        Thread closing = new Thread(() -> {
            try {
                host.close();
            } catch (Throwable e) {
                closeFailed.set(e);
            }
        }, "closing");
        closing.start();
        // The run is let go only once close has begun (every call then throws), or close has thrown.
        while (closing.isAlive() && acceptsCalls(app, id)) {
            Thread.onSpinWait();
        }
        mayReturn.countDown();
        closing.join();
        assertNull(closeFailed.get(), () -> "close threw " + closeFailed.get());
        stored.reopen();
        TaskInfo info = stored.app().get(id);
        assertEquals(TaskStatus.COMPLETED, info.status());
        assertEquals("finished in the longest grace", info.message());
        assertEquals(1, info.attempt());
    }

    private static boolean acceptsCalls(TaskService service, String id) {
        try {
            service.get(id);
            return true;
        } catch (IllegalStateException closed) {
            return false;
        }
    }
}
