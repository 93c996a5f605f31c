package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tasks outlive their host: a new host on the same directory runs what was pending and still knows what ended. */
class RestartTest {
    @TempDir
    Path data;

    @Test
    void r9_r20_pendingTasksRunAfterARestartAndFinishedOnesAreStillVisible() throws Exception {
        String finished;
        List<String> pending = new ArrayList<>();
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 1, task -> "first run");
            service.createQueue("mail", QueueConfig.defaults());
            finished = service.enqueue("mail", bytes("done before the restart"));
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        }
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 1, task -> "");
            service.createQueue("later", QueueConfig.builder().delay(Duration.ofDays(1)).build());
            // With a day between starts only the first runs; the others stay pending on disk.
            service.enqueue("later", bytes("runs"));
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
            for (int i = 0; i < 3; i++) {
                pending.add(service.enqueue("later", bytes("pending " + i)));
            }
        }

        List<String> payloads = new CopyOnWriteArrayList<>();
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 1, task -> {
                payloads.add(new String(task.payload(), StandardCharsets.UTF_8));
                return "second run";
            });
            assertEquals(TaskStatus.COMPLETED, service.get(finished).status());
            assertEquals("first run", service.get(finished).message());
            assertEquals(TaskStatus.PENDING, service.get(pending.get(0)).status());

            service.createQueue("later", QueueConfig.defaults());
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));

            assertEquals(List.of("pending 0", "pending 1", "pending 2"), payloads);
            for (String id : pending) {
                assertEquals(TaskStatus.COMPLETED, service.get(id).status());
            }
        }
    }

    @Test
    void r8_aQueueOnDiskIsNotRunUntilItsOwnerCreatesItInThisLifetime() throws Exception {
        String id;
        try (TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ZERO).build()) {
            TaskService service = host.service("app", 1, task -> {
                Thread.sleep(Long.MAX_VALUE);
                return "";
            });
            service.createQueue("q", QueueConfig.defaults());
            service.enqueue("q", bytes("blocks the queue"));
            id = service.enqueue("q", bytes("waits"));
        }
        List<String> ran = new CopyOnWriteArrayList<>();
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 1, task -> {
                ran.add(task.taskId());
                return "";
            });
            assertThrows(QueueNotFoundException.class, () -> service.enqueue("q", bytes("x")));
            assertThrows(QueueNotFoundException.class, () -> service.clearQueue("q"));
            assertTrue(host.awaitIdle(Duration.ofSeconds(5)));
            assertEquals(List.of(), ran);
            assertEquals(TaskStatus.PENDING, service.get(id).status());

            service.createQueue("q", QueueConfig.defaults());
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));

            assertEquals(TaskStatus.COMPLETED, service.get(id).status());
            assertEquals(2, ran.size());
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
