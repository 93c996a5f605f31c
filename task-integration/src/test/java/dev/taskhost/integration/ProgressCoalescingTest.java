package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ProgressReport;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import dev.taskhost.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * R48 on the real host: progress reports are coalesced, so a worker reporting in a tight loop costs
 * a few store writes, not one per report. Writes are counted by a wrapper around the real SQLite
 * store; the host's clock is a manual one, and the coalescing interval is measured on it, so the
 * counts do not depend on how fast the machine is.
 */
class ProgressCoalescingTest {
    private static final int REPORTS = 10_000;

    @TempDir
    Path data;

    private final ManualClock clock = ManualClock.create();
    private final List<List<ProgressReport>> writes = new CopyOnWriteArrayList<>();

    private TaskHost host() {
        return TaskHost.builder().clock(clock).store(WrappedStoreProvider.wrapping(
                SqliteTaskStoreProvider.builder().dataDirectory(data).build(), "counting progress writes",
                CountingStore::new)).build();
    }

    @Test
    void r48_aTightLoopOfReportsCostsTwoWritesOnAStillClock() throws Exception {
        try (TaskHost host = host()) {
            TaskService service = host.service("app", 1, task -> {
                for (int i = 0; i < REPORTS; i++) {
                    task.progress(i % 101, "item " + i);
                }
                return "done";
            });
            service.createQueue("scan", QueueConfig.defaults());
            String id = service.enqueue("scan", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));

            // The first report at once, then the last one when the run ended: nothing between, as
            // the clock never moved a second.
            assertEquals(2, writes.size(), writes::toString);
            assertEquals(0, writes.get(0).get(0).progress().percent());
            TaskProgress last = new TaskProgress((REPORTS - 1) % 101, "item " + (REPORTS - 1), clock.instant());
            assertEquals(last, writes.get(1).get(0).progress());
            assertEquals(TaskStatus.COMPLETED, service.get(id).status());
            assertEquals(Optional.of(last), service.get(id).progress());
        }
    }

    @Test
    void r48_reportsAreWrittenAtMostOncePerSecondOfTheClockPlusTheLast() throws Exception {
        try (TaskHost host = host()) {
            AtomicReference<TaskService> self = new AtomicReference<>();
            List<Optional<TaskProgress>> seen = new CopyOnWriteArrayList<>();
            TaskService service = host.service("app", 1, task -> {
                for (int second = 0; second < 5; second++) {
                    for (int i = 0; i < 100; i++) {
                        task.progress(second * 20 + i / 5, "second " + second + " item " + i);
                    }
                    seen.add(self.get().get(task.taskId()).progress());
                    clock.advance(Duration.ofSeconds(1));
                }
                return "done";
            });
            self.set(service);
            service.createQueue("scan", QueueConfig.defaults());
            service.enqueue("scan", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));

            // At most one write per second of the clock, by a report or by the timer that writes a
            // report held back, and the last report at the end: 500 reports, at most 6 writes.
            assertTrue(writes.size() >= 2 && writes.size() <= 6, writes::toString);
            assertEquals("second 0 item 0", writes.get(0).get(0).progress().note());
            assertEquals("second 4 item 99", writes.get(writes.size() - 1).get(0).progress().note());
            // get shows a report of this second or of the one before, never nothing.
            for (int second = 0; second < 5; second++) {
                String note = seen.get(second).orElseThrow().note();
                assertTrue(note.startsWith("second " + second + " ") || note.startsWith("second " + (second - 1) + " "),
                        note);
            }
        }
    }

    @Test
    void r48_aRunThatNeverReportsWritesNoProgress() throws Exception {
        try (TaskHost host = host()) {
            TaskService service = host.service("app", 1, task -> "done");
            service.createQueue("scan", QueueConfig.defaults());
            String id = service.enqueue("scan", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
            assertEquals(List.of(), writes);
            assertEquals(Optional.empty(), service.get(id).progress());
        }
    }

    /** Counts the progress writes that reach the real store. */
    private final class CountingStore extends ForwardingOwnerStore {
        CountingStore(OwnerStore store) {
            super(store);
        }

        @Override
        public void saveProgress(List<ProgressReport> reports) {
            writes.add(List.copyOf(reports));
            super.saveProgress(reports);
        }
    }
}
