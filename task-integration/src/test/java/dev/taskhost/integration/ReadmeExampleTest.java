package dev.taskhost.integration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the README's embedding example compiling and working: the README shows exactly the code below. */
class ReadmeExampleTest {
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    @Test
    void theEmbeddingExampleRunsItsTask() throws Exception {
        Path data = dir;
        // README:begin
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService tasks = host.service("billing", 4, task -> {
                sendInvoice(new String(task.payload(), UTF_8));
                return "sent";
            });
            tasks.createQueue("invoices", QueueConfig.builder()
                    .concurrency(2).maxRetries(5).backoff(Duration.ofSeconds(2)).build());
            String id = tasks.enqueue("invoices", "order-1042".getBytes(UTF_8));
            // README:end
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(TaskStatus.COMPLETED, tasks.get(id).status());
            assertEquals("sent", tasks.get(id).message());
        }
        assertEquals(List.of("order-1042"), sent);
    }

    @Test
    void theReadmeShowsTheSameCode() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/taskhost/integration/ReadmeExampleTest.java"));
        Matcher inTest = Pattern.compile("// README:begin\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(source);
        assertTrue(inTest.find());
        String readme = Files.readString(Path.of("../README.md"));

        assertTrue(normalized(readme).contains(normalized(inTest.group(1))),
                "README.md must contain the example of ReadmeExampleTest:\n" + inTest.group(1));
    }

    private void sendInvoice(String order) {
        sent.add(order);
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
