package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** The crash suite's data directory: the {@link LoadPlan}'s tasks, enqueued before any child runs. */
final class LoadFixture {

    private LoadFixture() {
    }

    /**
     * Enqueues {@code count} tasks round-robin over the plan's queues.
     *
     * @return each task's kind, by id, in enqueue order
     */
    static Map<String, LoadPlan.Kind> enqueue(Path data, int count) {
        Map<String, LoadPlan.Kind> kinds = new LinkedHashMap<>();
        // Enqueueing needs open queues (R8), and open queues start tasks: the first of each queue is
        // held by a worker that waits to be interrupted, and closing with no grace gives it back (R22).
        try (TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ZERO).build()) {
            TaskService service = host.service(LoadPlan.OWNER, LoadPlan.QUEUES.size(), task -> {
                new CountDownLatch(1).await();
                return "unreachable";
            });
            for (String queue : LoadPlan.QUEUES) {
                service.createQueue(queue, QueueConfig.defaults());
            }
            for (int i = 0; i < count; i++) {
                LoadPlan.Kind kind = LoadPlan.Kind.ofIndex(i);
                kinds.put(service.enqueue(LoadPlan.QUEUES.get(i % LoadPlan.QUEUES.size()), kind.payload(i)), kind);
            }
        }
        return kinds;
    }

    /**
     * Every task stored, with its kind, read from the database while no child runs: the tasks
     * enqueued before, and those the children enqueued.
     */
    static Map<String, LoadPlan.Kind> storedTasks(Path data) throws SQLException {
        Map<String, LoadPlan.Kind> kinds = new LinkedHashMap<>();
        SqliteProbe.payloads(data.resolve(LoadPlan.OWNER).resolve("tasks.db"))
                .forEach((id, payload) -> kinds.put(id, LoadPlan.Kind.ofPayload(payload)));
        return kinds;
    }

    /** Every task's state as {@code get} reports it, through a host that opens no queue (so runs nothing, R8). */
    static Map<String, TaskInfo> finalStates(Path data, Iterable<String> ids) {
        Map<String, TaskInfo> states = new LinkedHashMap<>();
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service(LoadPlan.OWNER, 1, task -> {
                throw new AssertionError("nothing runs: no queue is open");
            });
            for (String id : ids) {
                states.put(id, service.get(id));
            }
        }
        return states;
    }
}
