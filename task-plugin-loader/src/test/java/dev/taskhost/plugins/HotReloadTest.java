package dev.taskhost.plugins;

import static dev.taskhost.plugins.Testbed.plugin;
import static dev.taskhost.plugins.TestPluginJars.explicit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot changes to a watched plugins directory (R55), and what they leave behind (R56), with real
 * JARs of the {@code probe.reload} plugin: its own thread, a static cache, a {@code ThreadLocal} on
 * the host's workers, a registered JDBC driver, and queued tasks. Waits poll the host's reports
 * with a generous patience; nothing asserts how long a step took.
 */
class HotReloadTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Duration SCAN = Duration.ofMillis(20);
    private static final String V1 = "1.0.0";
    private static final String V2 = "2.0.0";

    @TempDir
    Path root;
    private Testbed bed;
    private Path incoming;
    private final Map<String, String> config = new HashMap<>();

    @BeforeEach
    void openTestbed() throws IOException {
        bed = new Testbed(root.resolve("bed"));
        incoming = Files.createDirectories(root.resolve("incoming"));
    }

    @AfterEach
    void closeTestbed() {
        bed.close();
    }

    @Test
    void r55_aJarMovedIntoTheWatchedDirectoryIsLoadedAndStarted() throws Exception {
        PluginHost host = watching();
        assertEquals(List.of(), host.plugins());

        moveIn(version(V1), "reload.jar");

        LoadedPlugin loaded = await(host, "reload", p -> p.state() == PluginState.STARTED);
        assertEquals(V1, loaded.manifest().version());
        assertEquals("1", bed.reports.string("reload", "starts." + V1));
    }

    @Test
    void r55_aJarCopiedInPlaceInChunksIsLoadedOnlyOnceComplete() throws Exception {
        PluginHost host = watching();
        byte[] bytes = Files.readAllBytes(version(V1).writeTo(incoming, "slow.jar"));
        int chunks = 12;
        List<String> seenMeanwhile = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(bed.plugins.resolve("slow.jar"))) {
            for (int i = 0; i < chunks; i++) {
                int from = bytes.length * i / chunks;
                out.write(bytes, from, bytes.length * (i + 1) / chunks - from);
                out.flush();
                // Over a second in all: many scans see the JAR part-written.
                Thread.sleep(100);
                if (i < chunks - 1) {
                    host.plugins().forEach(p -> seenMeanwhile.add(p.id() + " " + p.state() + " " + p.error().orElse("")));
                }
            }
        }

        await(host, "slow", p -> p.state() == PluginState.STARTED);
        assertEquals(List.of(), seenMeanwhile, "while it was being written, the JAR was neither loaded nor failed");
        assertEquals("1", bed.reports.string("slow", "starts." + V1), "loaded once, when complete");
    }

    @Test
    void r55_r56_aRemovedJarsPluginIsStoppedAndItsClassLoaderCollected() throws Exception {
        config.put("enqueue." + V1, "3");
        PluginHost host = watching();
        moveIn(version(V1), "reload.jar");
        await(host, "reload", p -> p.state() == PluginState.STARTED);
        awaitReport("reload", "ran." + V1, "3");
        bed.reports.await("reload", "beats." + V1);
        WeakReference<Object> loader = new WeakReference<>(bed.reports.take("reload", "loader." + V1));

        Files.delete(bed.plugins.resolve("reload.jar"));

        LoadedPlugin stopped = await(host, "reload", p -> p.state() == PluginState.STOPPED);
        assertEquals(Optional.empty(), stopped.error());
        assertEquals("1", bed.reports.string("reload", "stops." + V1));
        assertTrue(collected(loader), "the removed plugin's class loader is still reachable after " + PATIENCE);
    }

    @Test
    void r55_r56_aReplacedJarsPendingTasksRunOnTheNewVersionAndTheOldLoaderIsCollected() throws Exception {
        // Version 1 starts one task, then waits an hour between starts: two stay pending.
        config.put("enqueue." + V1, "3");
        config.put("delay." + V1, "PT1H");
        PluginHost host = watching();
        moveIn(version(V1), "reload.jar");
        await(host, "reload", p -> p.state() == PluginState.STARTED);
        awaitReport("reload", "ran." + V1, "1");
        WeakReference<Object> oldLoader = new WeakReference<>(bed.reports.take("reload", "loader." + V1));

        moveIn(version(V2), "reload.jar");

        LoadedPlugin replaced = await(host, "reload", p -> p.manifest().version().equals(V2));
        assertEquals(PluginState.STARTED, replaced.state(), () -> replaced.error().orElse(""));
        awaitReport("reload", "ran." + V2, "2");
        assertEquals("1", bed.reports.string("reload", "ran." + V1), "version 1 ran no more tasks");
        assertEquals("1", bed.reports.string("reload", "stops." + V1));
        assertTrue(collected(oldLoader), "the replaced version's class loader is still reachable after " + PATIENCE);
    }

    @Test
    void r55_aNewVersionThatFailsToLoadLeavesTheOldOneRunningAndSaysWhy() throws Exception {
        PluginHost host = watching();
        moveIn(version(V1), "reload.jar");
        await(host, "reload", p -> p.state() == PluginState.STARTED);

        moveIn(version(V2).attribute("Plugin-Taskqueue-Max-Concurrency", "none"), "reload.jar");

        LoadedPlugin kept = await(host, "reload", p -> p.updateError().isPresent());
        assertEquals(PluginState.STARTED, kept.state());
        assertEquals(V1, kept.manifest().version());
        assertTrue(kept.updateError().get().contains("Plugin-Taskqueue-Max-Concurrency"), kept.updateError().get());
        assertEquals(Optional.empty(), bed.reports.get("reload", "stops." + V1), "the old version was never stopped");
        assertEquals("1", bed.reports.string("reload", "starts." + V1));
    }

    @Test
    void r55_aNewVersionWhoseStartThrowsLeavesTheOldOneRunningAgain() throws Exception {
        config.put("fail." + V2, "true");
        PluginHost host = watching();
        moveIn(version(V1), "reload.jar");
        await(host, "reload", p -> p.state() == PluginState.STARTED);

        moveIn(version(V2), "reload.jar");

        LoadedPlugin kept = await(host, "reload", p -> p.updateError().isPresent());
        assertEquals(PluginState.STARTED, kept.state());
        assertEquals(V1, kept.manifest().version());
        assertTrue(kept.updateError().get().contains("refuses to start"), kept.updateError().get());
        assertEquals("1", bed.reports.string("reload", "starts." + V2));
        assertEquals("2", bed.reports.string("reload", "starts." + V1), "version 1 was started again");
    }

    @Test
    void r55_aHostThatManagesItsDirectoryStopsStartsAndReloadsOnePluginByCall() throws Exception {
        config.put("enqueue." + V1, "1");
        config.put("enqueue." + V2, "1");
        version(V1).writeTo(bed.plugins, "reload.jar");
        explicit("probe.good").writeTo(bed.plugins, "good.jar");
        PluginHost host = bed.startPlugins(id -> config);
        assertEquals(PluginState.STARTED, plugin(host, "reload").state());

        assertEquals(PluginState.STOPPED, host.stop("reload").state());
        assertEquals("1", bed.reports.string("reload", "stops." + V1));
        assertEquals(PluginState.STARTED, plugin(host, "good").state(), "the others run on");

        assertEquals(PluginState.STARTED, host.start("reload").state());
        assertEquals("2", bed.reports.string("reload", "starts." + V1));

        version(V2).writeTo(incoming, "reload.jar");
        Files.move(incoming.resolve("reload.jar"), bed.plugins.resolve("reload.jar"), StandardCopyOption.REPLACE_EXISTING);
        LoadedPlugin reloaded = host.reload("reload");
        assertEquals(PluginState.STARTED, reloaded.state());
        assertEquals(V2, reloaded.manifest().version());
        assertEquals("2", bed.reports.string("reload", "stops." + V1));
        awaitReport("reload", "ran." + V2, "1");
    }

    @Test
    void r56_aHundredAddRemoveCyclesKeepTheHeapAndTheLoadedClassCountFlat() throws Exception {
        config.put("enqueue." + V1, "1");
        PluginHost host = watching();
        Path template = version(V1).writeTo(incoming, "template.jar");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        List<WeakReference<Object>> loaders = new ArrayList<>();
        long heapAfterTen = 0;
        int classesAfterTen = 0;
        for (int cycle = 1; cycle <= 100; cycle++) {
            Files.copy(template, incoming.resolve("cycle.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(incoming.resolve("cycle.jar"), bed.plugins.resolve("cycle.jar"), StandardCopyOption.ATOMIC_MOVE);
            await(host, "cycle", p -> p.state() == PluginState.STARTED);
            awaitReport("cycle", "ran." + V1, Integer.toString(cycle));
            loaders.add(new WeakReference<>(bed.reports.take("cycle", "loader." + V1)));
            Files.delete(bed.plugins.resolve("cycle.jar"));
            await(host, "cycle", p -> p.state() == PluginState.STOPPED);
            if (cycle % 10 == 0) {
                fullGc();
                long heap = memory.getHeapMemoryUsage().getUsed();
                int loaded = classes.getLoadedClassCount();
                System.out.printf("R56 cycle %3d: heap used %6.1f MiB, classes loaded %d (unloaded so far %d)%n",
                        cycle, heap / 1048576.0, loaded, classes.getUnloadedClassCount());
                if (cycle == 10) {
                    heapAfterTen = heap;
                    classesAfterTen = loaded;
                } else if (cycle == 100) {
                    // A leaked layer keeps its plugin's classes (about ten per cycle) and more.
                    assertTrue(loaded - classesAfterTen < 150, "classes loaded grew from " + classesAfterTen
                            + " after 10 cycles to " + loaded + " after 100");
                    assertTrue(heap - heapAfterTen < 32L * 1048576, "heap used grew from " + heapAfterTen
                            + " bytes after 10 cycles to " + heap + " after 100");
                }
            }
        }
        long kept = loaders.stream().filter(reference -> !collected(reference)).count();
        assertEquals(0, kept, "class loaders of removed plugins still reachable, of 100");
    }

    private PluginHost watching() {
        return bed.startPlugins(id -> config, builder -> builder.watchDirectory(true).watchInterval(SCAN));
    }

    private static TestPluginJars.PluginJar version(String version) {
        return explicit("probe.reload").attribute("Plugin-Version", version);
    }

    /** Writes the JAR next to the plugins directory, then moves it in at once, as a deployment does. */
    private void moveIn(TestPluginJars.PluginJar jar, String fileName) throws IOException {
        Path written = jar.writeTo(incoming, fileName);
        Files.move(written, bed.plugins.resolve(fileName), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    private void awaitReport(String pluginId, String key, String value) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!bed.reports.get(pluginId, key).map(value::equals).orElse(false)) {
            if (System.nanoTime() - deadline > 0) {
                fail("plugin '" + pluginId + "' reported " + key + "=" + bed.reports.get(pluginId, key)
                        + ", not " + value + ", within " + PATIENCE);
            }
            Thread.sleep(5);
        }
    }

    private static LoadedPlugin await(PluginHost host, String id, Predicate<LoadedPlugin> until)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Optional<LoadedPlugin> plugin = host.plugins().stream().filter(p -> p.id().equals(id)).findFirst();
            if (plugin.isPresent() && until.test(plugin.get())) {
                return plugin.get();
            }
            if (System.nanoTime() - deadline > 0) {
                return fail("plugin '" + id + "' is " + plugin + ", still not as awaited, after " + PATIENCE);
            }
            Thread.sleep(5);
        }
    }

    private static void fullGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(20);
        }
    }

    /** Runs the collector until the reference is cleared, or the patience runs out. */
    private static boolean collected(WeakReference<?> reference) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        try {
            while (reference.get() != null && System.nanoTime() - deadline < 0) {
                System.gc();
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return reference.get() == null;
    }

    @Test
    void r55_watchingIsOffByDefault() throws Exception {
        PluginHost host = bed.startPlugins(id -> config, builder -> builder.watchInterval(SCAN));
        moveIn(version(V1), "reload.jar");
        // A host that watched would load it within a few scans; this one is told by call instead.
        Thread.sleep(SCAN.multipliedBy(10).toMillis());
        assertFalse(host.plugins().stream().anyMatch(p -> p.id().equals("reload")), host.plugins().toString());
        assertEquals(PluginState.STARTED, host.start("reload").state());
    }
}
