package dev.taskhost.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The example of the README's "Testing a plugin with task-testkit", kept compiling and passing. */
class ReadmeExampleTest {

    // README example starts
    @Test
    void r14_failedSyncIsRetriedAfterTheBackoff() {
        FakeTaskService tasks = FakeTaskService.create(task -> {   // owner "test", budget 1
            if (task.attempt() == 1) {
                throw new IOException("server busy");
            }
            return "synced " + new String(task.payload(), UTF_8);
        });
        tasks.createQueue("sync", QueueConfig.builder().maxRetries(2).backoff(Duration.ofSeconds(30)).build());
        String id = tasks.enqueue("sync", "inbox".getBytes(UTF_8));

        assertEquals(1, tasks.runDue());                         // attempt 1 fails
        assertEquals("server busy", tasks.get(id).message());
        assertEquals(0, tasks.advance(Duration.ofSeconds(29)));  // still backing off
        assertEquals(1, tasks.advance(Duration.ofSeconds(1)));   // attempt 2, on the manual clock
        assertEquals("synced inbox", tasks.get(id).message());
        assertEquals(TaskStatus.COMPLETED, tasks.get(id).status());
    }
    // README example ends
}
