package dev.taskhost.plugins;

import static dev.taskhost.plugins.TestPluginJars.automatic;
import static dev.taskhost.plugins.TestPluginJars.explicit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.plugin.TaskPlugin;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin host in an application that runs on the class path, in a child JVM: plugins load when
 * task-api alone is on the module path (R25), and the host says what to do when it is not.
 */
class ClassPathHostTest {
    @TempDir
    Path root;

    @Test
    void r25_pluginsLoadWhenTaskhostIsOnTheClassPathAndTaskApiOnTheModulePath() throws Exception {
        Path plugins = pluginsDirectory();

        Result result = run(List.of("--module-path", taskApi().toString(), "--add-modules", "dev.taskhost.api"),
                classPathWithout(taskApi()));

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("task-core is in unnamed module"), result.output());
        for (String id : List.of("good", "good-auto", "service")) {
            assertTrue(result.output().contains("plugin " + id + " STARTED"), result.output());
        }
        assertTrue(Files.isDirectory(plugins), "the plugins directory was used");
    }

    @Test
    void r25_withTaskApiOnTheClassPathStartSaysToPutItOnTheModulePath() throws Exception {
        pluginsDirectory();

        Result result = run(List.of(), classPathWithout(Path.of("nothing")));

        assertEquals(3, result.exitCode(), result.output());
        assertTrue(result.output().contains("start failed: ") && result.output().contains("dev.taskhost.api")
                && result.output().contains("--add-modules dev.taskhost.api"), result.output());
    }

    private Path pluginsDirectory() throws IOException {
        Path plugins = Files.createDirectories(root.resolve("plugins"));
        explicit("probe.good").writeTo(plugins, "good.jar");
        automatic("probe.good", "probe.good.GoodPlugin").writeTo(plugins, "good-auto.jar");
        automatic("probe.queues", "probe.queues.ServicePlugin").writeTo(plugins, "service.jar");
        return plugins;
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> moduleOptions, List<Path> classPath) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(moduleOptions);
        command.add("-cp");
        command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
        command.add(ClassPathHostMain.class.getName());
        command.add(root.resolve("plugins").toString());
        command.add(root.resolve("data").toString());
        Path log = root.resolve("child.log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not end within 60 s:\n" + Files.readString(log));
        }
        return new Result(child.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Everything this test JVM runs with, module path included, as a class path: without {@code excluded}. */
    private static List<Path> classPathWithout(Path excluded) {
        List<Path> entries = new ArrayList<>();
        entries.add(Path.of("target", "test-classes").toAbsolutePath());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            Stream.of(value.split(File.pathSeparator)).filter(entry -> !entry.isEmpty()).map(Path::of)
                    .filter(entry -> !entry.toAbsolutePath().equals(excluded.toAbsolutePath()))
                    .forEach(entries::add);
        }
        return entries;
    }

    private static Path taskApi() {
        try {
            return Path.of(TaskPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
