package dev.taskhost.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.store.sqlite.internal.ChildJava;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R9 with a real crash: a child JVM killed with SIGKILL in the middle of inserting. */
@Tag("crash")
class CrashDurabilityTest {

    private static final int ACKNOWLEDGED_BEFORE_KILL = 300;

    @TempDir
    Path data;

    @Test
    @DisplayName("R9 every task whose insert returned survives a kill -9 of the process")
    void r9_insertSurvivesProcessCrash() throws Exception {
        Path errors = data.resolve("child-stderr.txt");
        Process child = ChildJava.command(EnqueueUntilKilled.class, data.toString())
                .redirectError(errors.toFile())
                .start();
        Set<String> acknowledged = new LinkedHashSet<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < ACKNOWLEDGED_BEFORE_KILL && (line = out.readLine()) != null) {
                acknowledge(line, acknowledged);
            }
            assertEquals(ACKNOWLEDGED_BEFORE_KILL, acknowledged.size(),
                    () -> "the child stopped early: " + readQuietly(errors));
            // SIGKILL: no shutdown hook, no close, no checkpoint. Through the handle, so that the
            // pipe stays open for the lines written before the signal landed.
            child.toHandle().destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child died");
            while ((line = out.readLine()) != null) { // reported before the kill landed
                acknowledge(line, acknowledged);
            }
        } finally {
            child.destroyForcibly();
        }

        try (TaskStore store = new SqliteTaskStoreProvider().open(new StoreContext(Optional.of(data)))) {
            OwnerStore alpha = store.owner("alpha");
            for (String id : acknowledged) {
                TaskRecord task = alpha.find(id).orElseThrow(() -> new AssertionError(id + " was lost"));
                assertEquals(TaskStatus.PENDING, task.status());
            }
            Map<TaskStatus, Long> counts = alpha.countByStatus("q");
            assertTrue(counts.get(TaskStatus.PENDING) >= acknowledged.size(), counts.toString());
            List<ClaimedTask> first = Claims.claim(alpha, "q", 1, Instant.EPOCH.plusSeconds(3600));
            assertEquals("task-0", first.get(0).id());
            assertArrayEquals(EnqueueUntilKilled.payload(0), first.get(0).payload());
        }
    }

    private static void acknowledge(String line, Set<String> acknowledged) {
        // A line cut by the kill lacks its ending and does not count.
        if (line.matches("task-\\d+" + EnqueueUntilKilled.STORED)) {
            acknowledged.add(line.substring(0, line.length() - EnqueueUntilKilled.STORED.length()));
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
