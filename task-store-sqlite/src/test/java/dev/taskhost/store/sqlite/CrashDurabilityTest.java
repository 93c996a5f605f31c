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
import dev.taskhost.testkit.jvm.ChildJvm;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
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
        Set<String> acknowledged;
        try (ChildJvm child = ChildJvm.start(data.resolve("child.out"), EnqueueUntilKilled.class, data.toString())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acknowledged(child.output()).size() < ACKNOWLEDGED_BEFORE_KILL) {
                child.requireAlive();
                assertTrue(System.nanoTime() - deadline < 0, () -> "too few inserts returned: " + child.output());
                TimeUnit.MILLISECONDS.sleep(10);
            }
            // SIGKILL: no shutdown hook, no close, no checkpoint. The output file keeps every line
            // written before the signal landed.
            child.kill();
            acknowledged = acknowledged(child.output());
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

    private static Set<String> acknowledged(String output) {
        // A line cut by the kill lacks its ending and does not count.
        return output.lines().filter(line -> line.matches("task-\\d+" + EnqueueUntilKilled.STORED))
                .map(line -> line.substring(0, line.length() - EnqueueUntilKilled.STORED.length()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
