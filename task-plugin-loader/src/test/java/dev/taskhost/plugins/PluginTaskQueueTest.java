package dev.taskhost.plugins;

import static dev.taskhost.plugins.Testbed.plugin;
import static dev.taskhost.plugins.TestPluginJars.automatic;
import static dev.taskhost.plugins.TestPluginJars.explicit;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What plugins get from the task host, and what the host takes back from them (R2, R4, R22, R27, R28). */
class PluginTaskQueueTest {
    @TempDir
    Path root;
    private Testbed bed;

    @BeforeEach
    void openTestbed() {
        bed = new Testbed(root);
    }

    @AfterEach
    void closeTestbed() {
        bed.close();
    }

    @Test
    void r27_withoutTheTaskqueuePermissionTaskServiceIsDenied() {
        automatic("probe.queues", "probe.queues.ServicePlugin").without("Plugin-Permissions")
                .writeTo(bed.plugins, "no-permission.jar");
        automatic("probe.queues", "probe.queues.ServicePlugin").attribute("Plugin-Permissions", "")
                .writeTo(bed.plugins, "empty-permissions.jar");
        automatic("probe.queues", "probe.queues.ServicePlugin").writeTo(bed.plugins, "permitted.jar");

        PluginHost host = bed.startPlugins();

        for (String id : new String[] {"no-permission", "empty-permissions"}) {
            assertEquals(PluginState.STARTED, plugin(host, id).state());
            String report = bed.reports.string(id, "service");
            assertTrue(report.startsWith("denied: ") && report.contains("taskqueue") && report.contains(id), report);
        }
        assertEquals("granted", bed.reports.string("permitted", "service"));
    }

    @Test
    void r4_r27_theManifestBudgetIsSharedByAllThePluginsQueues() {
        automatic("probe.queues", "probe.queues.BudgetPlugin").attribute("Plugin-Taskqueue-Max-Concurrency", "3")
                .writeTo(bed.plugins, "three.jar");
        automatic("probe.queues", "probe.queues.BudgetPlugin").writeTo(bed.plugins, "unset.jar");

        PluginHost host = bed.startPlugins();

        assertEquals(3, plugin(host, "three").manifest().maxConcurrency());
        assertEquals(1, plugin(host, "unset").manifest().maxConcurrency());
        // Three asks for 2, 5 and 1: the first two fit in 3 (the second gets what is left).
        assertAll("three",
                () -> assertEquals("3", bed.reports.string("three", "budget")),
                () -> assertEquals("created", bed.reports.string("three", "first")),
                () -> assertEquals("created", bed.reports.string("three", "second")),
                () -> assertBudgetUsedUp(bed.reports.string("three", "third"), "3/3"));
        // The default budget of 1 is used up by the first queue.
        assertAll("unset",
                () -> assertEquals("1", bed.reports.string("unset", "budget")),
                () -> assertEquals("created", bed.reports.string("unset", "first")),
                () -> assertBudgetUsedUp(bed.reports.string("unset", "second"), "1/1"),
                () -> assertBudgetUsedUp(bed.reports.string("unset", "third"), "1/1"));
    }

    @Test
    void r28_aPluginWhoseStartThrowsFailsAloneAndOwnsNoRunningQueue() throws InterruptedException {
        automatic("probe.queues", "probe.queues.ThrowingPlugin").writeTo(bed.plugins, "throwing.jar");
        explicit("probe.good").writeTo(bed.plugins, "well.jar");

        PluginHost host = bed.startPlugins();

        LoadedPlugin failed = plugin(host, "throwing");
        assertEquals(PluginState.FAILED, failed.state());
        String error = failed.error().orElseThrow();
        assertTrue(error.contains("'throwing.jar'") && error.contains("IllegalStateException")
                && error.contains("start fails on purpose"), error);
        assertEquals(PluginState.STARTED, plugin(host, "well").state());
        // The task its start left running was stopped with its queue, and given back (R22).
        String task = bed.reports.string("throwing", "task");
        assertEquals(task, bed.reports.await("throwing", "interrupted"));

        host.close();

        assertEquals(PluginState.FAILED, plugin(host, "throwing").state(), "a failed plugin stays failed");
        assertEquals(Optional.empty(), bed.reports.get("throwing", "stops"), "a failed plugin is never stopped");
        TaskInfo info = bed.restartTaskHost().service("throwing", 1, t -> "").get(task);
        assertEquals(TaskStatus.PENDING, info.status());
        assertEquals(0, info.attempt());
    }

    @Test
    void r28_stopIsCalledOnceOnClose() {
        explicit("probe.good").writeTo(bed.plugins, "good.jar");
        PluginHost host = bed.startPlugins();
        assertEquals(Optional.empty(), bed.reports.get("good", "stops"));

        host.close();
        host.close();

        assertEquals("1", bed.reports.string("good", "stops"));
        assertEquals(new LoadedPlugin("good", plugin(host, "good").manifest(), PluginState.STOPPED, Optional.empty()),
                plugin(host, "good"));
    }

    @Test
    void r28_aStopThatThrowsIsReportedAndTheOtherPluginsStillStop() {
        explicit("probe.good").writeTo(bed.plugins, "a-fails-stop.jar");
        explicit("probe.good").writeTo(bed.plugins, "b-stops.jar");
        PluginHost host = bed.startPlugins(id -> id.startsWith("a-") ? Map.of("failStop", "yes") : Map.of());

        host.close();

        LoadedPlugin failing = plugin(host, "a-fails-stop");
        assertEquals(PluginState.STOPPED, failing.state());
        String error = failing.error().orElseThrow();
        assertTrue(error.contains("a-fails-stop") && error.contains("stop fails on purpose"), error);
        assertEquals("1", bed.reports.string("a-fails-stop", "stops"));
        assertEquals("1", bed.reports.string("b-stops", "stops"));
        assertEquals(PluginState.STOPPED, plugin(host, "b-stops").state());
    }

    @Test
    void r28_aPluginWhoseConfigCannotBeComputedFailsAlone() {
        explicit("probe.good").writeTo(bed.plugins, "broken-config.jar");
        explicit("probe.good").writeTo(bed.plugins, "good.jar");

        PluginHost host = bed.startPlugins(id -> {
            if (id.equals("broken-config")) {
                throw new IllegalArgumentException("no settings for broken-config");
            }
            return Map.of();
        });

        String error = plugin(host, "broken-config").error().orElseThrow();
        assertTrue(error.contains("'broken-config.jar'") && error.contains("no settings for broken-config"), error);
        assertEquals(PluginState.FAILED, plugin(host, "broken-config").state());
        assertEquals(Optional.empty(), bed.reports.get("broken-config", "manifest"), "never started");
        assertEquals(PluginState.STARTED, plugin(host, "good").state());
    }

    @Test
    void r22_closeStopsThePluginsQueuesAndARunningTaskGoesBackToPending() throws InterruptedException {
        automatic("probe.queues", "probe.queues.BlockingPlugin").writeTo(bed.plugins, "blocking.jar");
        PluginHost host = bed.startPlugins();
        String task = bed.reports.string("blocking", "task");
        assertEquals(task, bed.reports.await("blocking", "running"));

        host.close();

        assertEquals("1", bed.reports.string("blocking", "stops"));
        assertEquals(task, bed.reports.await("blocking", "interrupted"));
        TaskInfo info = bed.taskHost().service("blocking", 1, t -> "").get(task);
        assertEquals(TaskStatus.PENDING, info.status(), "stopped by shutdown, not failed");
        assertEquals(0, info.attempt(), "without using up an attempt");
        assertEquals(PluginState.STOPPED, plugin(host, "blocking").state());
    }

    @Test
    void r2_aPluginCannotSeeOrCancelAnotherPluginsTasks() {
        automatic("probe.queues", "probe.queues.VictimPlugin").writeTo(bed.plugins, "a-victim.jar");
        automatic("probe.queues", "probe.queues.ThiefPlugin").writeTo(bed.plugins, "b-thief.jar");

        // The victim starts first (file-name order), so its task ids are known when the thief's config is asked for.
        PluginHost host = bed.startPlugins(id -> id.equals("b-thief")
                ? Map.of("running", bed.reports.string("a-victim", "running"),
                        "pending", bed.reports.string("a-victim", "pending"),
                        "unknown", "no-such-task")
                : Map.of());

        assertEquals(PluginState.STARTED, plugin(host, "a-victim").state());
        assertEquals(PluginState.STARTED, plugin(host, "b-thief").state(), () -> plugin(host, "b-thief").error().orElse(""));
        String notFound = bed.reports.string("b-thief", "get.unknown");
        assertTrue(notFound.startsWith("dev.taskhost.api.TaskNotFoundException: "), notFound);
        assertAll(
                () -> assertEquals(notFound, bed.reports.string("b-thief", "get.running")),
                () -> assertEquals(notFound, bed.reports.string("b-thief", "get.pending")),
                () -> assertEquals(notFound, bed.reports.string("b-thief", "cancel.unknown")),
                () -> assertEquals(notFound, bed.reports.string("b-thief", "cancel.running")),
                () -> assertEquals(notFound, bed.reports.string("b-thief", "cancel.pending")));
        String pending = bed.reports.string("a-victim", "pending");
        assertEquals(TaskStatus.PENDING, bed.taskHost().service("a-victim", 1, t -> "").get(pending).status());
    }

    private static void assertBudgetUsedUp(String report, String allocation) {
        assertTrue(report.startsWith("java.lang.IllegalStateException: ") && report.contains(allocation), report);
    }
}
