package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.TaskHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The owner's file system remounted read-only under a running host, and back. Linux refuses to
 * remount a file system read-only while a process has a file on it open for writing (EBUSY), and
 * the host keeps its databases open, so the fault is met where it can happen: the owner's folder is
 * a tmpfs of its own, remounted read-only before a host starts (whose start-up sweep then fails on
 * that owner, R21, and leaves no file open), and back to read-write while the host runs.
 */
@Tag("faults")
class ReadOnlyRemountFaultTest {
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    @DisplayName("R31 R32 R23 a read-only file system: opening the owner fails with TaskStoreException, and the same host opens it once it is writable again")
    void r31_r32_aReadOnlyRemountAndBack() throws Exception {
        Path data = dir.resolve("data");
        FaultFigures figures = new FaultFigures();
        List<String> acknowledged = new ArrayList<>();
        try (Tmpfs owner = Tmpfs.mount(data.resolve("app"), "4m")) {
            for (int round = 0; round < ROUNDS; round++) {
                if (round > 0) {
                    assertNull(owner.remount(true), "remount read-only");
                    figures.faults.incrementAndGet();
                }
                try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
                    if (round > 0) {
                        try {
                            TaskStoreException readOnly = assertThrows(TaskStoreException.class, () -> {
                                TaskService service = host.service("app", 1, task -> "done");
                                service.createQueue("q", QueueConfig.defaults());
                            });
                            assertTrue(readOnly.getMessage().contains("app"), readOnly.getMessage());
                            figures.failed.incrementAndGet();
                        } finally {
                            assertNull(owner.remount(false), "remount read-write");
                        }
                    }
                    // R31: the same host opens the owner now, with no call to make first.
                    TaskService service = host.service("app", 1, task -> "done");
                    service.createQueue("q", QueueConfig.defaults());
                    figures.acknowledged.incrementAndGet();
                    for (int i = 0; i < 5; i++) {
                        acknowledged.add(service.enqueue("q", new byte[] {(byte) i}));
                        figures.acknowledged.incrementAndGet();
                    }
                    assertTrue(host.awaitIdle(Duration.ofSeconds(60)));
                }
            }
            Path database = data.resolve("app").resolve("tasks.db");
            assertEquals("ok", SqliteProbe.integrityCheck(database));
            long lost;
            try (TaskHost restarted = TaskHost.builder().dataDirectory(data).build()) {
                TaskService service = restarted.service("app", 1, task -> "done");
                lost = acknowledged.stream().filter(id -> service.get(id).status() != TaskStatus.COMPLETED).count();
            }
            figures.print("ReadOnlyRemountFaultTest", lost);
            assertEquals(0, lost);
            assertEquals(acknowledged.size(), SqliteProbe.payloads(database).size());
        }
    }
}
