package dev.taskhost.plugins;

import dev.taskhost.core.TaskHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A plugins directory, a real task host on SQLite in a temporary directory, and the reports of the
 * plugins; closes what it opened.
 */
final class Testbed implements AutoCloseable {
    /** Short, so that a test whose task runs until interrupted does not wait the default 10 s. */
    static final Duration SHUTDOWN_GRACE = Duration.ofMillis(200);

    final Path plugins;
    final Path data;
    final Reports reports = new Reports();
    private TaskHost taskHost;
    private final List<PluginHost> pluginHosts = new ArrayList<>();

    Testbed(Path root) {
        try {
            this.plugins = Files.createDirectories(root.resolve("plugins"));
            this.data = Files.createDirectories(root.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.taskHost = openTaskHost();
    }

    TaskHost taskHost() {
        return taskHost;
    }

    /** Closes the task host and opens a new one on the same data, as a restarted application would. */
    TaskHost restartTaskHost() {
        taskHost.close();
        taskHost = openTaskHost();
        return taskHost;
    }

    /** A started plugin host over the plugins directory; each plugin's config says where to report. */
    PluginHost startPlugins() {
        return startPlugins(id -> Map.of());
    }

    /** Like {@link #startPlugins()}, with more config for some plugins. */
    PluginHost startPlugins(Function<String, Map<String, String>> config) {
        return startPlugins(config, builder -> { });
    }

    /** Like {@link #startPlugins(Function)}, with more settings of the builder. */
    PluginHost startPlugins(Function<String, Map<String, String>> config, Consumer<PluginHost.Builder> more) {
        PluginHost.Builder builder = PluginHost.builder()
                .pluginsDirectory(plugins)
                .taskHost(taskHost)
                .config(id -> {
                    Map<String, String> settings = new HashMap<>(config.apply(id));
                    settings.put("report", reports.prefix());
                    return settings;
                });
        more.accept(builder);
        PluginHost host = builder.build();
        pluginHosts.add(host);
        host.start();
        return host;
    }

    /** The plugin {@code id} among what {@code host} loaded. */
    static LoadedPlugin plugin(PluginHost host, String id) {
        return host.plugins().stream().filter(plugin -> plugin.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no plugin '" + id + "' in " + host.plugins()));
    }

    @Override
    public void close() {
        try {
            pluginHosts.forEach(PluginHost::close);
            taskHost.close();
        } finally {
            reports.clear();
        }
    }

    private TaskHost openTaskHost() {
        return TaskHost.builder().dataDirectory(data).shutdownGrace(SHUTDOWN_GRACE).build();
    }
}
