package dev.taskhost.samples.host.internal;

import dev.taskhost.console.TaskConsole;
import dev.taskhost.core.TaskHost;
import dev.taskhost.plugins.LoadedPlugin;
import dev.taskhost.plugins.PluginHost;
import dev.taskhost.plugins.PluginState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The demo's task host on a data directory, with its default store, and the plugin host on a
 * plugins directory. Thread-safe: the shutdown hook may close it while the main thread runs.
 */
public final class DemoSession implements AutoCloseable {
    private final TaskHost taskHost;
    private final Optional<TaskConsole> console;
    private final PluginHost pluginHost;
    private boolean closed; // guarded by this

    private DemoSession(TaskHost taskHost, PluginHost pluginHost, Optional<TaskConsole> console) {
        this.console = console;
        this.taskHost = taskHost;
        this.pluginHost = pluginHost;
    }

    /**
     * Opens the task host on {@code dataDirectory} (the store is the one {@link java.util.ServiceLoader}
     * finds) and prepares the plugin host; no plugin is loaded yet.
     *
     * @throws dev.taskhost.api.TaskStoreException if the store cannot be opened
     * @throws IllegalStateException if no store, or several, are found
     */
    public static DemoSession open(Path dataDirectory, Path pluginsDirectory,
                                   Function<String, Map<String, String>> settingsByPluginId) {
        return open(dataDirectory, pluginsDirectory, settingsByPluginId, Optional.empty());
    }

    /**
     * As {@link #open(Path, Path, Function)}, with an operator console over the host on
     * {@code console}'s port of 127.0.0.1 (0: any free one), started now, when one is given.
     */
    public static DemoSession open(Path dataDirectory, Path pluginsDirectory,
                                   Function<String, Map<String, String>> settingsByPluginId,
                                   Optional<Integer> consolePort) {
        TaskHost taskHost = TaskHost.builder().dataDirectory(dataDirectory).build();
        TaskConsole console = null;
        try {
            if (consolePort.isPresent()) {
                console = TaskConsole.builder().taskHost(taskHost)
                        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), consolePort.get())).build();
                console.start();
            }
            PluginHost pluginHost = PluginHost.builder()
                    .pluginsDirectory(pluginsDirectory)
                    .taskHost(taskHost)
                    .config(settingsByPluginId)
                    .build();
            return new DemoSession(taskHost, pluginHost, Optional.ofNullable(console));
        } catch (RuntimeException | Error e) {
            if (console != null) {
                console.close();
            }
            taskHost.close();
            throw e;
        }
    }

    /** The console's sign-in link (the token in its fragment), if the session serves one. */
    public Optional<java.net.URI> consoleLink() {
        return console.map(TaskConsole::signInLink);
    }

    /** Loads and starts every plugin JAR; returns what became of each (R25 to R28). */
    public List<LoadedPlugin> startPlugins() {
        pluginHost.start();
        return pluginHost.plugins();
    }

    /** The ids of the plugins that started: the owners whose queues this run works on. */
    public Set<String> startedPluginIds() {
        return pluginHost.plugins().stream()
                .filter(plugin -> plugin.state() == PluginState.STARTED)
                .map(LoadedPlugin::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Stops the plugins and their queues, then the task host: running tasks get the host's grace
     * period, and those it interrupts go back to pending without using up an attempt (R22).
     * Idempotent; blocks until both are closed.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        console.ifPresent(TaskConsole::close);
        try {
            pluginHost.close();
        } finally {
            taskHost.close();
        }
    }
}
