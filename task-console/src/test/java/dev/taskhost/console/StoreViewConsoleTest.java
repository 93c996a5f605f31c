package dev.taskhost.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.StoreView;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A console over stored data with no host running (./taskhost console): read-only, and what the store says. */
class StoreViewConsoleTest {
    @TempDir
    Path dir;

    @Test
    void r62r63ConsoleOverAStoreWithNoHostIsReadOnlyAndShowsWhatIsStored() {
        SqliteTaskStoreProvider provider = SqliteTaskStoreProvider.builder().dataDirectory(dir).build();
        String id;
        try (TaskHost host = TaskHost.builder().store(provider).build()) {
            TaskService service = host.service("shop", 1, task -> "ok");
            service.createQueue("mail", QueueConfig.defaults());
            service.pauseQueue("mail");
            id = service.enqueue("mail", "<b>hello</b>".getBytes(StandardCharsets.UTF_8));
        }
        try (StoreView store = StoreView.open(provider, Optional.of(dir));
             TaskConsole console = TaskConsole.builder().view(store.view()).build()) {
            console.start();
            assertTrue(console.signInLink().toString().startsWith(console.uri() + "signin#token="));
            Http http = new Http(console.uri());
            Map<String, String> bearer = Map.of("Authorization", "Bearer " + console.token());
            HttpResponse<String> overview = http.get("/api/overview", bearer);
            assertEquals(200, overview.statusCode());
            assertTrue(overview.body().contains("\"readOnly\":true"), overview.body());
            assertTrue(overview.body().contains("\"PENDING\":1"), overview.body());
            HttpResponse<String> task = http.get("/owners/shop/tasks/" + id, bearer);
            assertTrue(task.body().contains("&lt;b&gt;hello&lt;/b&gt;"), "the payload preview, escaped (R61)");
            assertFalse(task.body().contains("/cancel\""), "no action form (R62)");
            assertEquals(403, http.post("/api/owners/shop/queues/mail/resume", "", bearer).statusCode());
            assertEquals(403, http.post("/api/owners/shop/tasks/" + id + "/cancel", "", bearer).statusCode());
        }
        // Nothing was changed by looking: a host opens the same data and finds the task as it was.
        try (TaskHost host = TaskHost.builder().store(provider).build()) {
            assertTrue(host.operator().queue("shop", "mail").orElseThrow().summary().paused());
        }
    }
}
