package dev.taskhost.console;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Task;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

/**
 * A real host on SQLite files in a temporary directory, with a console over it. The worker reads its
 * payload: {@code fail:M} throws with message M (a failed task), {@code block} waits until
 * {@link #release()}, {@code once:M} fails with M on its first run only, anything else completes with the payload as its message.
 */
final class ConsoleFixture implements AutoCloseable {
    static final String OWNER = "shop";
    final TaskHost host;
    final TaskService service;
    final TaskConsole console;
    private final CountDownLatch released = new CountDownLatch(1);
    private final java.util.Set<String> failedOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();

    ConsoleFixture(Path dir, boolean readOnly) {
        host = TaskHost.builder().store(SqliteTaskStoreProvider.builder().dataDirectory(dir).build())
                .shutdownGrace(Duration.ZERO).build();
        service = host.service(OWNER, 64, this::work);
        console = TaskConsole.builder().taskHost(host).readOnly(readOnly).build();
        console.start();
    }

    private String work(Task task) throws Exception {
        String payload = new String(task.payload(), StandardCharsets.UTF_8);
        if (payload.startsWith("fail:")) {
            throw new IllegalStateException(payload.substring(5));
        }
        if (payload.startsWith("once:") && failedOnce.add(task.taskId())) {
            throw new IllegalStateException(payload.substring(5));
        }
        if (payload.equals("block")) {
            released.await();
        }
        return payload;
    }

    void release() {
        released.countDown();
    }

    String enqueue(String queue, String payload) {
        return service.enqueue(queue, payload.getBytes(StandardCharsets.UTF_8));
    }

    void createQueue(String name) {
        service.createQueue(name, QueueConfig.builder().concurrency(2).build());
    }

    TaskInfo awaitStatus(String id, TaskStatus status) {
        awaitTrue(() -> service.get(id).status() == status, "task " + id + " to be " + status);
        return service.get(id);
    }

    /** Waits for a condition, at most 30 s (a bound, not a timing assertion). */
    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public void close() {
        release();
        console.close();
        host.close();
    }
}
