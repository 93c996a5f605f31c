package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.PermissionDeniedException;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.plugin.PluginManifest;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The test context follows the host's rules for what a plugin is handed (R27, R4, R26, R3). */
class TestPluginContextTest {

    @Test
    void r27_withoutTheTaskqueuePermissionTaskServiceIsDeniedAsByTheHost() {
        TestPluginContext context = TestPluginContext.builder("quiet").build();

        PermissionDeniedException denied = assertThrows(PermissionDeniedException.class,
                () -> context.taskService(task -> "never"));

        assertEquals("plugin 'quiet' has no 'taskqueue' permission: add it to the Plugin-Permissions attribute "
                + "of its manifest (R27)", denied.getMessage());
        assertFalse(context.askedForTasks());
    }

    @Test
    void r4_r27_withThePermissionTheServiceGetsTheManifestsBudget() {
        TestPluginContext context = TestPluginContext.builder("busy").permissions(PluginManifest.TASKQUEUE)
                .maxConcurrency(2).build();
        AtomicInteger running = new AtomicInteger();
        TaskService service = context.taskService(task -> "ran " + running.incrementAndGet());

        service.createQueue("first", QueueConfig.builder().concurrency(2).build());
        IllegalStateException noneLeft = assertThrows(IllegalStateException.class,
                () -> service.createQueue("second", QueueConfig.defaults()));
        assertTrue(noneLeft.getMessage().contains("2/2"), noneLeft.getMessage());

        String id = service.enqueue("first", new byte[0]);
        context.tasks().runDue();
        assertEquals(TaskStatus.COMPLETED, service.get(id).status());
        assertEquals(new PluginManifest("busy", "test", Set.of("taskqueue"), 2, ""), context.manifest());
    }

    @Test
    void r1_theServiceIsOwnedByThePluginIdAndRunsOnTheContextsClock() {
        ManualClock clock = ManualClock.create();
        TestPluginContext context = TestPluginContext.builder("owner-1").permissions("taskqueue").clock(clock).build();
        TaskService service = context.taskService(task -> "ok");
        service.createQueue("q", QueueConfig.builder().maxRetries(1).build());

        assertEquals("owner-1", context.tasks().owner());
        assertEquals(clock, context.tasks().clock());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(clock.instant(), context.clock().instant());
        assertThrows(IllegalStateException.class, () -> context.taskService(task -> "again"));
    }

    @Test
    void r26_configAndManifestAreWhatTheHostWouldPass() {
        TestPluginContext context = TestPluginContext.builder("configured").name("Configured plugin")
                .version("2.1.0").reason("tests").config(Map.of("a", "1")).config("b", "2").build();

        assertEquals(Map.of("a", "1", "b", "2"), context.config());
        assertEquals(new PluginManifest("Configured plugin", "2.1.0", Set.of(), 1, "tests"), context.manifest());
        assertThrows(IllegalArgumentException.class, () -> TestPluginContext.builder("x").permissions("filesystem"));
        assertThrows(IllegalArgumentException.class, () -> TestPluginContext.builder("x").maxConcurrency(0));
        assertThrows(IllegalArgumentException.class, () -> TestPluginContext.builder("Not_An_Id"));
        assertThrows(IllegalStateException.class, context::tasks);
    }
}
