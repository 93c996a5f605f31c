package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.TaskHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory on a real 4 MiB tmpfs, filled up to its last byte while the host enqueues,
 * group-commits, claims, records outcomes, clears and sweeps, then freed; several times over.
 */
@Tag("faults")
class DiskFullFaultTest {
    private static final int ROUNDS = 4;
    private static final int CALLS_PER_FAULT = 40;
    private static final byte[] PAYLOAD = new byte[8 * 1024];
    private static final QueueConfig WORK = QueueConfig.builder().concurrency(2).retention(Duration.ofMinutes(1)).build();
    // A long delay: after its first start the queue starts nothing for an hour, so its tasks stay
    // pending for clearQueue (R13, R36).
    private static final QueueConfig HELD = QueueConfig.builder().delay(Duration.ofHours(1))
            .retention(Duration.ofDays(7)).build();

    @TempDir
    Path dir;

    private final Set<String> executed = ConcurrentHashMap.newKeySet();
    private final FaultFigures figures = new FaultFigures();
    private final Map<String, String> work = new LinkedHashMap<>(); // acknowledged enqueues, id -> queue
    private final Set<String> heldPending = new HashSet<>();
    private final Set<String> cleared = new HashSet<>();

    private TaskHost host(Path data, ShiftedClock clock) {
        return TaskHost.builder().dataDirectory(data).clock(clock).build();
    }

    private TaskService serve(TaskHost host) {
        return host.service("app", 3, task -> {
            executed.add(task.taskId());
            return "done";
        });
    }

    @Test
    @DisplayName("R31 R32 R23 a full file system: the same host works again once there is room; every acknowledged call survives a restart, every failed one changed nothing, cleared tasks never run")
    void r31_r32_aFullFileSystemHealsWithoutRestartAndLosesNothing() throws Exception {
        Path data = dir.resolve("data");
        ShiftedClock clock = new ShiftedClock();
        try (Tmpfs tmpfs = Tmpfs.mount(data, "4m")) {
            Path filler = dir.resolve("data").resolve("filler");
            try (TaskHost host = host(data, clock)) {
                TaskService service = serve(host);
                service.createQueue("work", WORK);
                service.createQueue("held", HELD);
                String first = enqueue(service, "held").orElseThrow();
                heldPending.remove(first); // it starts at once: the queue's first start (R13)
                assertTrue(host.awaitIdle(Duration.ofSeconds(60)));

                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < 10; i++) {
                        enqueue(service, "work");
                    }
                    tmpfs.fill(filler);
                    figures.faults.incrementAndGet();
                    for (int i = 0; i < CALLS_PER_FAULT; i++) {
                        enqueue(service, i % 4 == 0 ? "held" : "work");
                        if (i % 10 == 5) {
                            clear(service);
                        }
                        if (i % 10 == 9) {
                            // Finished tasks expire; awaitIdle sweeps them (R21), on the full disk.
                            clock.shift(Duration.ofMinutes(2));
                            host.awaitIdle(Duration.ofMillis(50));
                        }
                    }
                    tmpfs.free(filler);

                    // R31: the same host, no restart, no call to make: it works at once.
                    enqueue(service, "work").orElseThrow(() -> new AssertionError("no enqueue after the disk had room"));
                    clear(service);
                    assertTrue(host.awaitIdle(Duration.ofSeconds(60)), "the host did not finish its tasks after the fault");
                    for (String id : work.keySet()) {
                        if (work.get(id).equals("work")) {
                            assertWorkDone(service, id);
                        }
                    }
                }
            }
            for (Path database : SqliteProbe.databases(data)) {
                assertEquals("ok", SqliteProbe.integrityCheck(database), database.toString());
            }
            // R32 after a restart: every acknowledged call is there, nothing else is.
            long lost = 0;
            try (TaskHost restarted = host(data, clock)) {
                TaskService service = serve(restarted);
                for (Map.Entry<String, String> task : work.entrySet()) {
                    if (!isAsAcknowledged(service, task.getKey(), task.getValue())) {
                        lost++;
                    }
                }
            }
            for (String id : cleared) {
                assertTrue(!executed.contains(id), "cleared task " + id + " ran");
            }
            figures.print("DiskFullFaultTest", lost);
            assertEquals(0, lost, "acknowledged calls lost");
            // Every call that threw changed nothing: no task is stored that no enqueue acknowledged.
            assertEquals(work.size() - expired, SqliteProbe.payloads(SqliteProbe.databases(data).get(0)).size(),
                    "tasks stored beyond the acknowledged ones");
        }
    }

    private long expired; // acknowledged tasks that ran and retention then deleted (R21)

    private Optional<String> enqueue(TaskService service, String queue) {
        try {
            String id = service.enqueue(queue, PAYLOAD);
            figures.acknowledged.incrementAndGet();
            work.put(id, queue);
            if (queue.equals("held")) {
                heldPending.add(id);
            }
            return Optional.of(id);
        } catch (TaskStoreException e) {
            figures.failed.incrementAndGet();
            return Optional.empty();
        }
    }

    private void clear(TaskService service) {
        try {
            long count = service.clearQueue("held");
            figures.acknowledged.incrementAndGet();
            assertEquals(heldPending.size(), count, "clearQueue cancels every pending task (R19)");
            cleared.addAll(heldPending);
            heldPending.clear();
        } catch (TaskStoreException e) {
            figures.failed.incrementAndGet();
        }
    }

    private void assertWorkDone(TaskService service, String id) {
        try {
            TaskInfo info = service.get(id);
            assertEquals(TaskStatus.COMPLETED, info.status(), info.toString());
        } catch (TaskNotFoundException e) {
            assertTrue(executed.contains(id), "task " + id + " is gone, yet never ran");
        }
    }

    private boolean isAsAcknowledged(TaskService service, String id, String queue) {
        TaskInfo info;
        try {
            info = service.get(id);
        } catch (TaskNotFoundException e) {
            boolean swept = queue.equals("work") && executed.contains(id);
            if (swept) {
                expired++;
            }
            return swept;
        }
        List<TaskStatus> allowed = new ArrayList<>();
        if (queue.equals("work")) {
            allowed.add(TaskStatus.COMPLETED);
        } else if (cleared.contains(id)) {
            allowed.add(TaskStatus.CANCELLED);
        } else if (heldPending.contains(id)) {
            allowed.add(TaskStatus.PENDING);
        } else {
            allowed.add(TaskStatus.COMPLETED); // the queue's first start
        }
        return allowed.contains(info.status());
    }
}
