package dev.taskhost.plugins;

import static dev.taskhost.plugins.Testbed.plugin;
import static dev.taskhost.plugins.TestPluginJars.automatic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed plugin leaves nothing behind that keeps its classes in memory: its layer is the unit of
 * loading (R25) and of unloading, while the task host runs on.
 *
 * <p>The task host here is fresh, so its scheduler and worker threads start during the plugin's
 * own calls: a thread started there must not inherit the plugin's class loader (as context class
 * loader, or through the access control context Java 17 captures for new threads).
 */
class PluginUnloadingTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

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
    void r25_aClosedPluginsClassLoaderCanBeCollectedWhileTheTaskHostRuns() throws InterruptedException {
        automatic("probe.queues", "probe.queues.CollectablePlugin").writeTo(bed.plugins, "collectable.jar");
        PluginHost host = bed.startPlugins();
        assertEquals(PluginState.STARTED, plugin(host, "collectable").state(), () -> plugin(host, "collectable").error().orElse(""));
        bed.reports.await("collectable", "ran");
        bed.reports.await("collectable", "failedOnce");
        assertTrue(bed.taskHost().awaitIdle(PATIENCE), "the retry waits an hour; nothing else is left to run");
        WeakReference<ClassLoader> loader = new WeakReference<>((ClassLoader) bed.reports.take("collectable", "loader"));

        host.close();

        assertTrue(collected(loader), "the plugin's class loader is still reachable " + PATIENCE + " after close");
    }

    /** Runs the collector until the reference is cleared, or the patience runs out. */
    private static boolean collected(WeakReference<?> reference) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (reference.get() != null && System.nanoTime() - deadline < 0) {
            System.gc();
            Thread.sleep(50);
        }
        return reference.get() == null;
    }
}
