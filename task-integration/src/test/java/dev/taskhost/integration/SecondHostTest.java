package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import dev.taskhost.testkit.jvm.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R38: one host per SQLite data directory, from this process or another; a crash frees it at once. */
class SecondHostTest {
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    @DisplayName("R38 a second host in the same process is refused with a TaskStoreException naming the directory")
    void r38_aSecondHostInTheSameProcessIsRefused() {
        Path data = dir.resolve("data");
        try (TaskHost first = TaskHost.builder().dataDirectory(data).build()) {
            first.service("app", 1, task -> "").createQueue("q", QueueConfig.defaults());
            TaskStoreException refused = assertThrows(TaskStoreException.class,
                    () -> TaskHost.builder().dataDirectory(data).build());
            assertTrue(refused.getMessage().contains(data.toString()), refused.getMessage());
            // The refusal took nothing from the first host.
            first.service("app", 1, task -> "").enqueue("q", new byte[0]);
        }
        // Closing released it.
        try (TaskHost again = TaskHost.builder().dataDirectory(data).build()) {
            again.service("app", 1, task -> "").createQueue("q", QueueConfig.defaults());
        }
    }

    @Test
    @DisplayName("R38 a read-only store opens beside a running host: it takes no lock")
    void r38_aReadOnlyStoreOpensBesideTheHost() {
        Path data = dir.resolve("data");
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            var service = host.service("app", 1, task -> "");
            service.createQueue("q", QueueConfig.builder().build());
            String id = service.enqueue("q", new byte[0]);
            try (TaskStore reader = new SqliteTaskStoreProvider().open(new StoreContext(Optional.of(data), true))) {
                assertTrue(reader.owner("app").find(id).isPresent(), "the reader sees the host's task");
            }
        }
    }

    @Test
    @DisplayName("R38 R17 a host in another process is refused while it lives; after its SIGKILL a host opens at once and recovers its run")
    void r38_aHostOfAnotherProcessIsRefusedThenItsCrashIsRecoveredAtOnce() throws Exception {
        Path data = dir.resolve("data");
        Path output = dir.resolve("child.out");
        try (ChildJvm child = ChildJvm.start(output, HoldingChild.class, data.toString())) {
            String id = child.awaitLine("running ", READY_LIMIT);

            TaskStoreException refused = assertThrows(TaskStoreException.class,
                    () -> TaskHost.builder().dataDirectory(data).build());
            assertTrue(refused.getMessage().contains(data.toString()), refused.getMessage());
            assertTrue(refused.getMessage().contains("pid " + child.process().pid()), refused.getMessage());

            child.kill();

            try (TaskHost next = TaskHost.builder().dataDirectory(data).build()) {
                var service = next.service(HoldingChild.OWNER, 1, task -> "ran again");
                service.createQueue(HoldingChild.QUEUE, QueueConfig.defaults());
                // Recovered by createQueue itself (R17), not after a lease runs out (R37).
                TaskInfo recovered = service.get(id);
                assertEquals(TaskStatus.FAILED, recovered.status(), recovered.toString());
                assertEquals(1, recovered.attempt());
            }
        }
    }
}
