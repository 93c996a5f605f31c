package dev.taskhost.plugins;

import dev.taskhost.core.TaskHost;
import java.nio.file.Path;

/**
 * A host application that runs on the class path, with only task-api on the module path: the child
 * JVM of {@link ClassPathHostTest}. Prints what it loaded; exits 3 if the plugin host cannot start.
 */
public final class ClassPathHostMain {

    private ClassPathHostMain() {
    }

    /** @param args the plugins directory and the data directory */
    public static void main(String[] args) {
        System.out.println("task-core is in " + TaskHost.class.getModule());
        try (TaskHost tasks = TaskHost.builder().dataDirectory(Path.of(args[1])).build();
             PluginHost plugins = PluginHost.builder().pluginsDirectory(Path.of(args[0])).taskHost(tasks).build()) {
            plugins.start();
            plugins.plugins().forEach(plugin ->
                    System.out.println("plugin " + plugin.id() + " " + plugin.state() + " " + plugin.error().orElse("")));
        } catch (IllegalStateException e) {
            System.out.println("start failed: " + e.getMessage());
            System.exit(3);
        }
    }
}
