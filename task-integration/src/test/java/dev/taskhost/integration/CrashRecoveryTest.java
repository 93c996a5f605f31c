package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.jvm.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host JVM killed with SIGKILL while tasks run: the next host recovers them (R17) and loses nothing (R9). */
@Tag("crash")
class CrashRecoveryTest {
    private static final String OWNER = "crashy";
    private static final String QUEUE = "work";
    private static final int TASKS = 6;
    private static final int CONCURRENCY = 2;

    @TempDir
    Path dir;

    @Test
    void r17_tasksRunningAtAKillAreRetriedAndNothingPendingIsLost() throws Exception {
        List<String> ids = enqueueThenClose(TASKS);
        Set<String> runningAtKill = killWhileRunning();

        Map<String, Integer> ranAfterRestart = new ConcurrentHashMap<>();
        try (TaskHost host = TaskHost.builder().dataDirectory(dir.resolve("data")).build()) {
            TaskService service = host.service(OWNER, CONCURRENCY, task -> {
                ranAfterRestart.put(task.taskId(), task.attempt());
                return "done";
            });
            service.createQueue(QUEUE, QueueConfig.builder().concurrency(CONCURRENCY).maxRetries(1)
                    .backoff(Duration.ofMillis(1)).build());
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));

            for (String id : ids) {
                TaskInfo info = service.get(id);
                assertEquals(TaskStatus.COMPLETED, info.status(), id);
                assertEquals(runningAtKill.contains(id) ? 2 : 1, info.attempt(), id);
            }
        }
        assertEquals(Set.copyOf(ids), ranAfterRestart.keySet());
    }

    @Test
    void r17_aTaskThatDiedWithItsHostOnItsLastAttemptEndsFailedInsteadOfLooping() throws Exception {
        List<String> ids = enqueueThenClose(TASKS);
        Set<String> runningAtKill = killWhileRunning();

        try (TaskHost host = TaskHost.builder().dataDirectory(dir.resolve("data")).build()) {
            TaskService service = host.service(OWNER, CONCURRENCY, task -> "done");
            service.createQueue(QUEUE, QueueConfig.builder().concurrency(CONCURRENCY).build());
            assertTrue(host.awaitIdle(Duration.ofSeconds(30)));

            for (String id : ids) {
                TaskInfo info = service.get(id);
                if (runningAtKill.contains(id)) {
                    assertEquals(TaskStatus.FAILED, info.status(), id);
                    assertEquals("the host stopped during attempt 1 (R17)", info.message());
                } else {
                    assertEquals(TaskStatus.COMPLETED, info.status(), id);
                }
            }
        }
    }

    private List<String> enqueueThenClose(int count) {
        List<String> ids = new ArrayList<>();
        // The queue's one run blocks, so the tasks stay pending; closing with no grace gives it back (R22).
        try (TaskHost host = TaskHost.builder().dataDirectory(dir.resolve("data")).shutdownGrace(Duration.ZERO).build()) {
            TaskService service = host.service(OWNER, 1, task -> {
                new CountDownLatch(1).await();
                return "";
            });
            service.createQueue(QUEUE, QueueConfig.defaults());
            for (int i = 0; i < count; i++) {
                ids.add(service.enqueue(QUEUE, ("task " + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return ids;
    }

    /** Starts a child host, waits until it runs {@code CONCURRENCY} tasks, and kills it with SIGKILL. */
    private Set<String> killWhileRunning() throws IOException, InterruptedException {
        Path markers = Files.createDirectories(dir.resolve("markers"));
        try (ChildJvm child = ChildJvm.start(dir.resolve("child.log"), CrashChild.class,
                dir.resolve("data").toString(), markers.toString(), OWNER, QUEUE, String.valueOf(CONCURRENCY))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (markerCount(markers) < CONCURRENCY) {
                child.requireAlive();
                assertTrue(System.nanoTime() < deadline, "the child started no tasks within 60 s");
                TimeUnit.MILLISECONDS.sleep(20);
            }
            child.kill();
        }
        try (Stream<Path> files = Files.list(markers)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith("-1"))
                    .map(name -> name.substring(0, name.length() - 2))
                    .collect(Collectors.toSet());
        }
    }

    private static long markerCount(Path markers) throws IOException {
        try (Stream<Path> files = Files.list(markers)) {
            return files.filter(p -> !p.toString().endsWith(".tmp")).count();
        }
    }
}
