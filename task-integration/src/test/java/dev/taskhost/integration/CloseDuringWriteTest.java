package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R22 when a run ends just as the grace runs out: the crash suite's close runs found tasks left
 * {@code running} after a close, whose next start then counted as an attempt lost (R17). A run that
 * ended on its own is still writing its outcome when the grace is over; close must not close the
 * store under that write.
 */
class CloseDuringWriteTest {
    @TempDir
    Path data;

    @Test
    void r22_aRunThatEndedBeforeTheGraceRanOutKeepsItsOutcomeWhileItIsBeingWritten() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayReturn = new CountDownLatch(1);
        // The outcome's write takes far longer than the grace, as on a busy disk.
        SlowCompletionsStore store = new SlowCompletionsStore(
                SqliteTaskStoreProvider.builder().dataDirectory(data).build(), Duration.ofSeconds(2));
        TaskHost host = TaskHost.builder().store(store).shutdownGrace(Duration.ofMillis(500)).build();
        String id;
        Thread closing = new Thread(host::close, "closing");
        try {
            TaskService service = host.service("app", 1, task -> {
                started.countDown();
                mayReturn.await();
                return "done";
            });
            service.createQueue("q", QueueConfig.defaults());
            id = service.enqueue("q", new byte[0]);
            assertTrue(started.await(10, TimeUnit.SECONDS));
            // The run ends within the grace, once close has stopped the queue: its outcome is written
            // alone, and slowly, while the grace runs out. Were close not there yet, the outcome would
            // go through dispatch, which close waits for: the test would pass, never fail wrongly.
            closing.start();
            TimeUnit.MILLISECONDS.sleep(100);
            mayReturn.countDown();
        } finally {
            mayReturn.countDown();
            closing.join(TimeUnit.SECONDS.toMillis(30));
            host.close();
        }

        try (TaskHost reopened = TaskHost.builder().dataDirectory(data).build()) {
            TaskInfo info = reopened.service("app", 1, task -> "second life").get(id);
            assertEquals(TaskStatus.COMPLETED, info.status(), info::toString);
            assertEquals(1, info.attempt());
            assertEquals("done", info.message());
        }
    }
}
