package dev.taskhost.plugins;

import static dev.taskhost.plugins.Testbed.plugin;
import static dev.taskhost.plugins.TestPluginJars.automatic;
import static dev.taskhost.plugins.TestPluginJars.explicit;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.api.plugin.TaskPlugin;
import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Finding, validating, isolating and starting plugin JARs (R25, R26, R29). */
class PluginLoadingTest {
    private static final String INITIALISED = "taskhost.test.initialised.";

    @TempDir
    Path root;
    private Testbed bed;

    @BeforeEach
    void openTestbed() {
        bed = new Testbed(root);
        forgetInitialisations();
    }

    @AfterEach
    void closeTestbed() {
        bed.close();
        forgetInitialisations();
    }

    @Test
    void r25_eachJarLoadsAsItsOwnModuleInItsOwnLayerOverTheApiLayer() {
        explicit("probe.good").writeTo(bed.plugins, "good.jar");
        automatic("probe.good", "probe.good.GoodPlugin").writeTo(bed.plugins, "good-auto.jar");

        PluginHost host = bed.startPlugins(id -> Map.of("greeting", "hello " + id));

        assertEquals(List.of("good-auto", "good"), ids(host), "file-name order: '-' comes before '.'");
        for (String id : List.of("good", "good-auto")) {
            LoadedPlugin loaded = plugin(host, id);
            assertEquals(PluginState.STARTED, loaded.state(), () -> id + ": " + loaded.error());
            assertEquals(Optional.empty(), loaded.error());
            assertEquals(new PluginManifest("Probe probe.good", "1.0.0", Set.of("taskqueue"), 1, ""), loaded.manifest());
            assertEquals("Probe probe.good 1.0.0", bed.reports.string(id, "manifest"));
            assertEquals("hello " + id, bed.reports.string(id, "greeting"));
            assertEquals("own", bed.reports.string(id, "contextLoader"), "start runs with the plugin's context loader");
        }
        Module explicit = (Module) bed.reports.take("good", "module");
        Module automatic = (Module) bed.reports.take("good-auto", "module");
        assertEquals("probe.good", explicit.getName());
        assertFalse(explicit.getDescriptor().isAutomatic());
        assertEquals("good.auto", automatic.getName());
        assertTrue(automatic.getDescriptor().isAutomatic());
        ModuleLayer apiLayer = TaskPlugin.class.getModule().getLayer();
        for (Module module : List.of(explicit, automatic)) {
            assertEquals(List.of(apiLayer), module.getLayer().parents(), "the parent is the layer of dev.taskhost.api");
            assertNotSame(getClass().getClassLoader(), module.getClassLoader(), "loaded from the JAR, not the class path");
        }
        // The same class in two JARs: two layers, two loaders, no clash.
        assertNotSame(explicit.getLayer(), automatic.getLayer());
        assertNotSame(explicit.getClassLoader(), automatic.getClassLoader());
    }

    @Test
    void r25_filesOtherThanJarsAreIgnored() throws IOException {
        explicit("probe.good").writeTo(bed.plugins, "good.jar");
        explicit("probe.good").writeTo(bed.plugins, "disabled.jar.off");
        TestPluginJars.file(bed.plugins, "notes.txt", "not a plugin".getBytes());
        Files.createDirectory(bed.plugins.resolve("folder.jar"));

        PluginHost host = bed.startPlugins();

        assertEquals(List.of("good"), ids(host));
        assertEquals(PluginState.STARTED, plugin(host, "good").state());
    }

    @Test
    void r25_pluginsLoadInFileNameOrder() {
        for (String name : List.of("c.jar", "a.jar", "b-2.jar", "b-10.jar")) {
            explicit("probe.good").writeTo(bed.plugins, name);
        }

        PluginHost host = bed.startPlugins();

        assertEquals(List.of("a", "b-10", "b-2", "c"), ids(host));
    }

    @Test
    void r25_aJarMustProvideExactlyOneTaskPluginThatResolves() {
        explicit("probe.noprovider").writeTo(bed.plugins, "none.jar");
        explicit("probe.two").writeTo(bed.plugins, "two.jar");
        explicit("probe.needshelper").writeTo(bed.plugins, "unresolved.jar");
        automatic("probe.good", "probe.good.GoodPlugin").writeTo(bed.plugins, "default.jar");
        explicit("probe.good").writeTo(bed.plugins, "good.jar");

        PluginHost host = bed.startPlugins();

        assertFailed(host, "default", "default.jar", "not a valid module", "Automatic-Module-Name");
        assertFailed(host, "none", "none.jar", "provides no dev.taskhost.api.plugin.TaskPlugin");
        assertFailed(host, "two", "two.jar", "provides 2", "probe.two.First", "probe.two.Second");
        assertFailed(host, "unresolved", "unresolved.jar", "probe.needshelper", "probe.helper");
        assertEquals(PluginState.STARTED, plugin(host, "good").state());
    }

    @Test
    void r26_badManifestsAndFileNamesFailThatJarAloneBeforeAnyOfItsClassesLoads() {
        // file name -> what its error must name
        Map<String, List<String>> bad = new LinkedHashMap<>();
        explicit("probe.staticinit").without("Plugin-Name").writeTo(bed.plugins, "no-name.jar");
        bad.put("no-name.jar", List.of("Plugin-Name", "missing"));
        explicit("probe.staticinit").attribute("Plugin-Name", "   ").writeTo(bed.plugins, "blank-name.jar");
        bad.put("blank-name.jar", List.of("Plugin-Name", "missing"));
        explicit("probe.staticinit").without("Plugin-Version").writeTo(bed.plugins, "no-version.jar");
        bad.put("no-version.jar", List.of("Plugin-Version", "missing"));
        explicit("probe.staticinit").attribute("Plugin-Permissions", "taskqueue, filesystem")
                .writeTo(bed.plugins, "unknown-permission.jar");
        bad.put("unknown-permission.jar", List.of("Plugin-Permissions", "'filesystem'"));
        explicit("probe.staticinit").attribute("Plugin-Taskqueue-Max-Concurrency", "two")
                .writeTo(bed.plugins, "word-budget.jar");
        bad.put("word-budget.jar", List.of("Plugin-Taskqueue-Max-Concurrency", "'two'"));
        explicit("probe.staticinit").attribute("Plugin-Taskqueue-Max-Concurrency", "0")
                .writeTo(bed.plugins, "zero-budget.jar");
        bad.put("zero-budget.jar", List.of("Plugin-Taskqueue-Max-Concurrency", "'0'"));
        explicit("probe.staticinit").attribute("Plugin-Taskqueue-Max-Concurrency", "99999999999")
                .writeTo(bed.plugins, "overflow-budget.jar");
        bad.put("overflow-budget.jar", List.of("Plugin-Taskqueue-Max-Concurrency", "'99999999999'"));
        explicit("probe.staticinit").writeTo(bed.plugins, "Bad_Name.jar");
        bad.put("Bad_Name.jar", List.of("'Bad_Name'", "[a-z0-9][a-z0-9._-]{0,63}"));
        explicit("probe.staticinit").padManifest(1 << 20).writeTo(bed.plugins, "huge-manifest.jar");
        bad.put("huge-manifest.jar", List.of("META-INF/MANIFEST.MF", "65536"));
        TestPluginJars.withoutManifest(bed.plugins, "no-manifest.jar", "probe.staticinit");
        bad.put("no-manifest.jar", List.of("no META-INF/MANIFEST.MF"));
        TestPluginJars.corrupt(bed.plugins, "corrupt.jar");
        bad.put("corrupt.jar", List.of("not a readable JAR"));
        TestPluginJars.file(bed.plugins, "x.jar", new byte[0]);
        bad.put("x.jar", List.of("not a readable JAR"));
        explicit("probe.staticinit").writeTo(bed.plugins, "valid.jar");

        PluginHost host = bed.startPlugins();

        assertEquals(bad.size() + 1, host.plugins().size());
        assertAll(bad.entrySet().stream().map(entry -> (Executable) () -> {
            String jar = entry.getKey();
            String id = jar.substring(0, jar.length() - ".jar".length());
            List<String> expected = new ArrayList<>(entry.getValue());
            expected.add(0, "'" + jar + "'");
            assertFailed(host, id, expected.toArray(String[]::new));
            assertEquals(new PluginManifest("", "", Set.of(), 1, ""), plugin(host, id).manifest());
            assertEquals(null, System.getProperty(INITIALISED + jar), jar + ": a class of a rejected JAR was initialised");
        }));
        assertEquals(PluginState.STARTED, plugin(host, "valid").state());
        assertEquals("yes", System.getProperty(INITIALISED + "valid.jar"), "the probe reports its initialisation");
    }

    @Test
    void r29_pluginsCannotReflectIntoTheHostsInternals() {
        explicit("probe.reflect").writeTo(bed.plugins, "reflect.jar");
        automatic("probe.reflect", "probe.reflect.ReflectingPlugin").writeTo(bed.plugins, "reflect-auto.jar");

        PluginHost host = bed.startPlugins();

        for (String id : List.of("reflect", "reflect-auto")) {
            assertEquals(PluginState.STARTED, plugin(host, id).state(), () -> plugin(host, id).error().orElse(""));
            assertEquals("java.lang.IllegalAccessException", bed.reports.string(id, "service.invoke"), id);
            for (String target : List.of("service", "core")) {
                String internal = bed.reports.string(id, target + ".class");
                assertTrue(internal.matches("dev\\.taskhost\\.\\w+/dev\\.taskhost\\.\\w+\\.internal\\.\\w+"),
                        "the probe looks at an internal class of the host: " + internal);
                String what = id + " into " + internal;
                assertAll(what,
                        () -> assertEquals("false", bed.reports.string(id, target + ".exported")),
                        () -> assertEquals("false", bed.reports.string(id, target + ".open")),
                        () -> assertEquals("java.lang.reflect.InaccessibleObjectException",
                                bed.reports.string(id, target + ".setAccessible")),
                        () -> assertEquals("java.lang.IllegalAccessException", bed.reports.string(id, target + ".newInstance")),
                        () -> assertEquals("java.lang.IllegalAccessException",
                                bed.reports.string(id, target + ".privateLookupIn")),
                        () -> assertEquals("java.lang.IllegalCallerException", bed.reports.string(id, target + ".addOpens")));
            }
            assertTrue(bed.reports.string(id, "core.class").startsWith("dev.taskhost.core/dev.taskhost.core.internal."));
        }
    }

    @Test
    void r29_noInternalPackageOfTheHostIsExportedOrOpened() {
        for (String name : List.of("dev.taskhost.api", "dev.taskhost.core", "dev.taskhost.plugins")) {
            ModuleDescriptor module = ModuleLayer.boot().findModule(name).orElseThrow().getDescriptor();
            assertFalse(module.isOpen(), name);
            assertTrue(module.opens().isEmpty(), name + " opens " + module.opens());
            module.exports().forEach(export -> assertFalse(export.source().endsWith(".internal") && !export.isQualified(),
                    name + " exports " + export));
        }
    }

    @Test
    void r25_startNeedsAnExistingDirectory() {
        PluginHost host = PluginHost.builder().pluginsDirectory(root.resolve("missing")).taskHost(bed.taskHost()).build();

        IllegalStateException error = assertThrows(IllegalStateException.class, host::start);

        assertTrue(error.getMessage().contains("missing"), error.getMessage());
        assertEquals(List.of(), host.plugins());
        assertThrows(IllegalStateException.class, () -> PluginHost.builder().taskHost(bed.taskHost()).build());
        assertThrows(IllegalStateException.class, () -> PluginHost.builder().pluginsDirectory(root).build());
    }

    @Test
    void r25_startRunsOnceAndNotAfterClose() {
        PluginHost host = bed.startPlugins();
        assertThrows(IllegalStateException.class, host::start);

        host.close();

        assertThrows(IllegalStateException.class, host::start);
        PluginHost closedFirst = PluginHost.builder().pluginsDirectory(bed.plugins).taskHost(bed.taskHost()).build();
        closedFirst.close();
        assertThrows(IllegalStateException.class, closedFirst::start);
    }

    private static List<String> ids(PluginHost host) {
        return host.plugins().stream().map(LoadedPlugin::id).toList();
    }

    private static void assertFailed(PluginHost host, String id, String... fragments) {
        LoadedPlugin loaded = plugin(host, id);
        assertEquals(PluginState.FAILED, loaded.state(), id);
        String error = loaded.error().orElseThrow();
        for (String fragment : fragments) {
            assertTrue(error.contains(fragment), () -> id + ": '" + error + "' does not say '" + fragment + "'");
        }
    }

    private static void forgetInitialisations() {
        System.getProperties().keySet().removeIf(key -> key.toString().startsWith(INITIALISED));
    }
}
