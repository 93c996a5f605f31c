package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import dev.taskhost.testkit.TaskServiceContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

/** The real host on SQLite passes the same contract as the testkit's fake: the fake cannot drift from it. */
class SqliteTaskHostContractTest extends TaskServiceContract {
    private final ManualClock clock = ManualClock.create();
    private TaskHost host;

    @TempDir
    Path data;

    @Override
    protected void setUp() {
        host = TaskHost.builder().dataDirectory(data).clock(clock).build();
    }

    @Override
    protected void tearDown() {
        host.close();
    }

    @Override
    protected TaskService newService(String owner, int maxConcurrency, TaskWorker worker) {
        return host.service(owner, maxConcurrency, worker);
    }

    @Override
    protected ManualClock clock() {
        return clock;
    }

    @Override
    protected void runUntilIdle() throws InterruptedException {
        assertTrue(host.awaitIdle(Duration.ofSeconds(30)), "the host did not go idle within 30 s");
    }
}
