package dev.taskhost.store.postgres;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import dev.taskhost.testkit.TaskServiceContract;
import java.time.Duration;

/**
 * The real host on PostgreSQL passes the same contract as on SQLite and as the testkit's fake. The
 * store is picked explicitly, each test on a schema of its own.
 */
class PostgresTaskHostContractTest extends TaskServiceContract {
    private final ManualClock clock = ManualClock.create();
    private String schema;
    private TaskHost host;

    @Override
    protected void setUp() {
        schema = TestDatabase.freshSchema();
        host = TaskHost.builder().store(TestDatabase.get().provider(schema)).clock(clock).build();
    }

    @Override
    protected void tearDown() {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            TestDatabase.get().drop(schema);
        }
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
