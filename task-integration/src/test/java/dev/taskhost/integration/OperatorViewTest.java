package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.OperatorQueue;
import dev.taskhost.core.OperatorView;
import dev.taskhost.core.StoreView;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator view alone, with no HTTP: the host's own ({@code host.operator()}) and a read-only
 * {@link StoreView} over the same SQLite files, which must say the same (R63); actions through
 * {@code host.operatorActions()}.
 */
class OperatorViewTest {
    @TempDir
    Path data;

    @Test
    void r63TheHostsViewAndAStoreViewSayTheSame() {
        ManualClock clock = ManualClock.startingAt(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        try (TaskHost host = TaskHost.builder().dataDirectory(data).clock(clock).build()) {
            TaskService service = host.service("shop", 1, task -> "");
            service.createQueue("mail", QueueConfig.defaults());
            // Paused before anything is enqueued: the tasks stay pending, whatever the workers do.
            host.operatorActions().pause("shop", "mail");
            String keyed = service.enqueue("mail", "hello".getBytes(StandardCharsets.UTF_8),
                    EnqueueOptions.builder().key("order-7").build());
            String binary = service.enqueue("mail", new byte[] {0, 1, 2, (byte) 0xff});

            OperatorView own = host.operator();
            try (StoreView stored = StoreView.open(data)) {
                for (OperatorView view : new OperatorView[] {own, stored.view()}) {
                    assertEquals(java.util.List.of("shop"), view.owners());
                    OperatorQueue mail = view.queue("shop", "mail").orElseThrow();
                    assertEquals(2L, mail.summary().counts().get(TaskStatus.PENDING));
                    assertTrue(mail.summary().paused(), "the pause is stored, so both see it");
                    assertTrue(view.running("shop", "mail").isEmpty());

                    TaskPage first = view.tasks("shop", "mail", Optional.of(TaskStatus.PENDING), Optional.empty(), 1);
                    assertEquals(1, first.tasks().size());
                    TaskPage second = view.tasks("shop", "mail", Optional.of(TaskStatus.PENDING), first.nextCursor(), 1);
                    assertEquals(1, second.tasks().size());
                    assertFalse(first.tasks().get(0).id().equals(second.tasks().get(0).id()), "pages do not overlap");

                    assertEquals(keyed, view.findByKey("shop", "mail", "order-7").orElseThrow().task().id());
                    assertEquals("shop", view.findTask(binary).orElseThrow().owner());
                    assertTrue(view.task("shop", "no-such-task").isEmpty());
                    assertTrue(view.queue("shop", "no-such-queue").isEmpty());
                    assertTrue(view.queue("other-owner", "mail").isEmpty(), "queues are per owner (R2)");

                    assertEquals(Optional.of("hello"), view.payload("shop", keyed, 4096).orElseThrow().text());
                    assertTrue(view.payload("shop", binary, 4096).orElseThrow().text().isEmpty(), "bytes shown as hex");
                    assertEquals("00 01 02 ff", view.payload("shop", binary, 4096).orElseThrow().hex());
                    assertTrue(view.schedules("shop").isEmpty());
                }
                assertTrue(own.queue("shop", "mail").orElseThrow().runsHere());
                assertFalse(stored.view().queue("shop", "mail").orElseThrow().runsHere(), "no host runs in a store view");

                host.operatorActions().cancel("shop", binary, false);
                assertEquals(TaskStatus.CANCELLED, stored.view().task("shop", binary).orElseThrow().task().status(),
                        "the store view reads the action's result (R63)");
                assertEquals(1L, host.operatorActions().clear("shop", "mail"));
                assertEquals(0L, own.queue("shop", "mail").orElseThrow().summary().counts().get(TaskStatus.PENDING));
            }
        }
    }
}
