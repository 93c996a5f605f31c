package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A host that starts tasks and never lets them finish, so that a test can kill its JVM while tasks
 * run. Each started attempt leaves a marker file {@code <taskId>-<attempt>} in the marker directory.
 *
 * <p>Usage: {@code CrashChild <dataDirectory> <markerDirectory> <owner> <queue> <concurrency>}
 */
public final class CrashChild {

    private CrashChild() {
    }

    /**
     * Runs until killed.
     *
     * @throws Exception if the host cannot start
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        Path markers = Path.of(args[1]);
        String owner = args[2];
        String queue = args[3];
        int concurrency = Integer.parseInt(args[4]);
        TaskHost host = TaskHost.builder().dataDirectory(data).build();
        TaskService service = host.service(owner, concurrency, task -> {
            mark(markers.resolve(task.taskId() + "-" + task.attempt()));
            new CountDownLatch(1).await();
            return "unreachable";
        });
        service.createQueue(queue, QueueConfig.builder().concurrency(concurrency).build());
        new CountDownLatch(1).await();
    }

    private static void mark(Path marker) throws IOException {
        Path temporary = Files.createTempFile(marker.getParent(), "marker", ".tmp");
        Files.move(temporary, marker);
    }
}
