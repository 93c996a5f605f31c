package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's JFR events, recorded with a {@link Recording} on a real host on SQLite files and read back. */
class JfrEventsTest {
    @TempDir
    Path dir;

    @Test
    void r14r46TaskRunAndClaimEventsAreRecordedAndReadBack() throws Exception {
        Path file = dir.resolve("taskhost.jfr");
        String ok;
        String stop;
        try (Recording recording = new Recording()) {
            recording.enable("dev.taskhost.TaskRun").withThreshold(Duration.ZERO);
            recording.enable("dev.taskhost.TaskClaim").withThreshold(Duration.ZERO);
            recording.start();
            try (TaskHost host = TaskHost.builder()
                    .store(SqliteTaskStoreProvider.builder().dataDirectory(dir.resolve("data")).build()).build()) {
                TaskService service = host.service("shop", 1, task -> {
                    if (new String(task.payload(), StandardCharsets.UTF_8).equals("stop")) {
                        throw new NonRetryableException("no retry");
                    }
                    return "ok";
                });
                service.createQueue("mail", QueueConfig.defaults());
                ok = service.enqueue("mail", "ok".getBytes(StandardCharsets.UTF_8));
                stop = service.enqueue("mail", "stop".getBytes(StandardCharsets.UTF_8));
                assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
            }
            recording.stop();
            recording.dump(file);
        }

        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        Map<String, RecordedEvent> runs = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.taskhost.TaskRun"))
                .collect(Collectors.toMap(e -> e.getString("taskId"), e -> e));
        assertEquals(2, runs.size(), runs::toString);
        assertEquals("returned", runs.get(ok).getString("result"));
        assertEquals("non-retryable", runs.get(stop).getString("result"));
        for (RecordedEvent run : runs.values()) {
            assertEquals("shop", run.getString("owner"));
            assertEquals("mail", run.getString("queue"));
            assertEquals(1, run.getInt("attempt"));
            // On a worker thread (JFR keeps the name the pool gave it, not the per-queue one).
            assertTrue(run.getThread().getJavaName().startsWith("taskhost-worker"), run.getThread().getJavaName());
        }
        List<RecordedEvent> claims = events.stream()
                .filter(e -> e.getEventType().getName().equals("dev.taskhost.TaskClaim")).toList();
        assertEquals(2, claims.stream().mapToInt(e -> e.getInt("claimed")).sum(), claims::toString);
        assertEquals(2, claims.stream().mapToInt(e -> e.getInt("recorded")).sum(), claims::toString);
        assertTrue(claims.stream().allMatch(e -> e.getString("owner").equals("shop")
                && e.getString("queue").equals("mail")));
    }
}
