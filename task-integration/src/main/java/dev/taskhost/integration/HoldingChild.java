package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A host that holds a data directory with one run in progress, until it is killed: the second host
 * of R38's tests. It opens owner {@value #OWNER}, queue {@value #QUEUE} (no retries), enqueues one
 * task whose worker never returns, and prints {@code running <id>} once the worker has started.
 *
 * <p>Usage: {@code HoldingChild <dataDirectory>}.
 */
public final class HoldingChild {
    /** The owner the child serves. */
    public static final String OWNER = "holder";
    /** Its one queue. */
    public static final String QUEUE = "held";

    private HoldingChild() {
    }

    /**
     * Runs until killed.
     *
     * @throws Exception if the host fails
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        CountDownLatch forever = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        TaskHost host = TaskHost.builder().dataDirectory(Path.of(args[0])).build();
        TaskService service = host.service(OWNER, 1, task -> {
            started.countDown();
            forever.await();
            return "never";
        });
        service.createQueue(QUEUE, QueueConfig.defaults());
        String id = service.enqueue(QUEUE, new byte[] {1});
        started.await();
        out.println("running " + id);
        out.flush();
        forever.await();
    }
}
