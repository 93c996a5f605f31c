package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.RunOutcome;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.TaskListener;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import dev.taskhost.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener SPI on a real host on SQLite files: what it is told, and that a throwing one breaks nothing. */
class TaskListenerTest {
    @TempDir
    Path dir;

    /** Records every event, in order. */
    static final class Recording implements TaskListener {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override public void taskEnqueued(Enqueued event) { events.add(event); }
        @Override public void taskStarted(Started event) { events.add(event); }
        @Override public void taskEnded(Ended event) { events.add(event); }
        @Override public void queuePaused(QueueChanged event) { events.add("paused " + event.queue()); }
        @Override public void queueResumed(QueueChanged event) { events.add("resumed " + event.queue()); }
        @Override public void runsRecovered(Recovered event) { events.add(event); }
        @Override public void queueCounts(QueueCounts event) { events.add(event); }

        <T> List<T> of(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    /** Throws from every method. */
    static final class Throwing implements TaskListener {
        @Override public void taskEnqueued(Enqueued event) { throw new IllegalStateException("enqueued"); }
        @Override public void taskStarted(Started event) { throw new IllegalStateException("started"); }
        @Override public void taskEnded(Ended event) { throw new OutOfMemoryError("ended"); }
        @Override public void queuePaused(QueueChanged event) { throw new IllegalStateException("paused"); }
        @Override public void queueResumed(QueueChanged event) { throw new IllegalStateException("resumed"); }
        @Override public void queueCounts(QueueCounts event) { throw new IllegalStateException("counts"); }
    }

    private static String work(dev.taskhost.api.Task task) {
        String payload = new String(task.payload(), StandardCharsets.UTF_8);
        if (payload.equals("fail")) {
            throw new IllegalStateException("fails every time");
        }
        if (payload.equals("stop")) {
            throw new NonRetryableException("no retry");
        }
        return "ok";
    }

    @Test
    void r14r43r44EventsOfAKnownWorkloadWithAThrowingListenerBeside() throws Exception {
        ManualClock clock = ManualClock.create();
        Recording recording = new Recording();
        try (TaskHost host = TaskHost.builder().store(SqliteTaskStoreProvider.builder().dataDirectory(dir).build())
                .clock(clock).listener(new Throwing()).listener(recording).countsRefresh(Duration.ofMillis(20))
                .build()) {
            TaskService service = host.service("shop", 1, TaskListenerTest::work);
            service.createQueue("mail", QueueConfig.builder().maxRetries(1).backoff(Duration.ofSeconds(1)).build());
            service.pauseQueue("mail");
            String ok = service.enqueue("mail", "ok".getBytes(StandardCharsets.UTF_8));
            String fail = service.enqueue("mail", "fail".getBytes(StandardCharsets.UTF_8));
            String stop = service.enqueue("mail", "stop".getBytes(StandardCharsets.UTF_8),
                    EnqueueOptions.builder().key("k").build());
            // R43: a held key stores nothing, so nothing is enqueued.
            assertEquals(stop, service.enqueue("mail", new byte[0], EnqueueOptions.builder().key("k").build()));
            clock.advance(Duration.ofSeconds(5));
            service.resumeQueue("mail");
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
            clock.advance(Duration.ofSeconds(2));      // the failed attempt's backoff (R14)
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(TaskStatus.FAILED, service.get(fail).status());

            assertEquals(List.of(ok, fail, stop),
                    recording.of(TaskListener.Enqueued.class).stream().map(TaskListener.Enqueued::taskId).toList());
            assertTrue(recording.events.containsAll(List.of("paused mail", "resumed mail")));
            List<TaskListener.Started> started = recording.of(TaskListener.Started.class);
            assertEquals(4, started.size(), "three first attempts and one retry: " + started);
            // Ready at enqueue, claimed 5 s later on the manual clock, once the queue was resumed.
            assertEquals(Duration.ofSeconds(5), started.get(0).waited());
            List<TaskListener.Ended> ended = recording.of(TaskListener.Ended.class);
            assertEquals(List.of(RunOutcome.COMPLETED, RunOutcome.RETRIED, RunOutcome.FAILED, RunOutcome.FAILED),
                    ended.stream().map(TaskListener.Ended::outcome).toList());
            assertEquals(List.of(ok, fail, stop, fail), ended.stream().map(TaskListener.Ended::taskId).toList());
            assertEquals(List.of(1, 1, 1, 2), ended.stream().map(TaskListener.Ended::attempt).toList());
            assertTrue(ended.stream().allMatch(e -> e.owner().equals("shop") && e.queue().equals("mail")
                    && !e.execution().isNegative()));
            // Counts come with the refresh: once they say what the store says, they keep saying it.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (recording.of(TaskListener.QueueCounts.class).stream()
                    .noneMatch(c -> c.count(TaskStatus.FAILED) == 2 && c.count(TaskStatus.COMPLETED) == 1)) {
                assertTrue(System.nanoTime() < deadline, "counts refreshed within 30 s");
                Thread.sleep(10);
            }
            // The throwing listener broke nothing: the host still runs tasks.
            String after = service.enqueue("mail", "ok".getBytes(StandardCharsets.UTF_8));
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(TaskStatus.COMPLETED, service.get(after).status());
        }
    }

    @Test
    void r17RecoveredRunsAreReported() {
        SqliteTaskStoreProvider provider = SqliteTaskStoreProvider.builder().dataDirectory(dir).build();
        // A run left running by a host that died: claimed under a lease no live host holds.
        try (TaskStore store = provider.open(new StoreContext(Optional.of(dir)))) {
            OwnerStore shop = store.owner("shop");
            shop.saveQueue("mail", QueueConfig.defaults(), ManualClock.DEFAULT_START);
            shop.insert(new NewTask("dead-run", "mail", new byte[0], ManualClock.DEFAULT_START));
            shop.claim(new ClaimRequest("mail", 1, 1, Duration.ZERO, ManualClock.DEFAULT_START,
                    new Lease("a-host-that-died", Duration.ofSeconds(30))));
        }
        Recording recording = new Recording();
        try (TaskHost host = TaskHost.builder().store(provider).clock(ManualClock.create()).listener(recording)
                .build()) {
            host.service("shop", 1, TaskListenerTest::work).createQueue("mail", QueueConfig.defaults());
            List<TaskListener.Recovered> recovered = recording.of(TaskListener.Recovered.class);
            assertEquals(1, recovered.size(), recording.events::toString);
            assertEquals(1, recovered.get(0).count());
            assertEquals("mail", recovered.get(0).queue());
        }
    }
}
