package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import dev.taskhost.testkit.jvm.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another process holds SQLite's write lock on the owner's database past the busy timeout. */
@Tag("faults")
class WriteLockFaultTest {
    private static final Duration BUSY_TIMEOUT = Duration.ofMillis(200);
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    private TaskHost host(Path data) {
        return TaskHost.builder()
                .store(SqliteTaskStoreProvider.builder().dataDirectory(data).busyTimeout(BUSY_TIMEOUT).build())
                .build();
    }

    @Test
    @DisplayName("R31 R32 R23 a write lock held by another process: calls fail with TaskStoreException, change nothing, and the same host works once it is released")
    void r31_r32_aWriteLockOfAnotherProcess() throws Exception {
        Path data = dir.resolve("data");
        FaultFigures figures = new FaultFigures();
        List<String> acknowledged = new ArrayList<>();
        try (TaskHost host = host(data)) {
            TaskService service = host.service("app", 2, task -> "done");
            service.createQueue("q", QueueConfig.builder().concurrency(2).build());
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < 5; i++) {
                    acknowledged.add(service.enqueue("q", new byte[] {(byte) i}));
                    figures.acknowledged.incrementAndGet();
                }
                Path output = dir.resolve("lock-" + round + ".out");
                ChildJvm locker = ChildJvm.start(output, WriteLockChild.class,
                        data.resolve("app").resolve("tasks.db").toString());
                try {
                    locker.awaitPrinted("locked", Duration.ofSeconds(60));
                    figures.faults.incrementAndGet();
                    for (int i = 0; i < 3; i++) {
                        TaskStoreException busy = assertThrows(TaskStoreException.class,
                                () -> service.enqueue("q", new byte[0]));
                        assertTrue(busy.getMessage().contains("SQLITE_BUSY"), busy.getMessage());
                        figures.failed.incrementAndGet();
                    }
                    assertThrows(TaskStoreException.class, () -> service.clearQueue("q"));
                    figures.failed.incrementAndGet();
                } finally {
                    locker.process().getOutputStream().close();
                    locker.awaitExit(Duration.ofSeconds(30));
                }
                // R31: the same host, at once.
                acknowledged.add(service.enqueue("q", new byte[] {9}));
                figures.acknowledged.incrementAndGet();
                assertTrue(host.awaitIdle(Duration.ofSeconds(60)), "the host did not finish its tasks after the lock");
                for (String id : acknowledged) {
                    assertEquals(TaskStatus.COMPLETED, service.get(id).status(), id);
                }
            }
        }
        Path database = data.resolve("app").resolve("tasks.db");
        assertEquals("ok", SqliteProbe.integrityCheck(database));
        long lost;
        try (TaskHost restarted = host(data)) {
            TaskService service = restarted.service("app", 2, task -> "done");
            lost = acknowledged.stream().filter(id -> service.get(id).status() != TaskStatus.COMPLETED).count();
        }
        figures.print("WriteLockFaultTest", lost);
        assertEquals(0, lost);
        assertEquals(acknowledged.size(), SqliteProbe.payloads(database).size(), "a call that threw stored a task");
    }
}
