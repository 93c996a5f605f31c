package dev.taskhost.plugins;

import dev.taskhost.core.TaskHost;
import dev.taskhost.plugins.internal.PluginDirectory;
import dev.taskhost.plugins.internal.PluginLayers;
import dev.taskhost.plugins.internal.PluginLoader;
import dev.taskhost.plugins.internal.PluginStopper;
import dev.taskhost.plugins.internal.RunningPlugin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Loads the plugin JARs of one directory and runs them on a {@link TaskHost}.
 *
 * <p>Each {@code *.jar} is one plugin, loaded in its own {@link ModuleLayer} whose parent is the
 * layer that holds {@code dev.taskhost.api} (R25). Its manifest is validated before any of its
 * classes is loaded (R26); its one {@link dev.taskhost.api.plugin.TaskPlugin} is found with
 * {@link java.util.ServiceLoader} and started. A JAR that fails any step is reported as
 * {@link PluginState#FAILED} and the others load.
 *
 * <p>Plugins are trusted code running in this JVM (R30): their manifest permissions decide which
 * services the host hands them, not what their code could do.
 *
 * <p>Thread-safe. {@link #start()} and {@link #close()} run one at a time; {@link #plugins()} never
 * blocks.
 */
public final class PluginHost implements AutoCloseable {
    private final Path directory;
    private final TaskHost taskHost;
    private final Function<String, Map<String, String>> configByPluginId;

    private final Object lifecycle = new Object();
    // Guarded by lifecycle.
    private boolean started;
    private boolean closed;
    private final List<RunningPlugin> running = new ArrayList<>();

    private volatile List<LoadedPlugin> plugins = List.of();

    private PluginHost(Builder builder) {
        this.directory = builder.directory.orElseThrow(
                () -> new IllegalStateException("PluginHost needs a pluginsDirectory"));
        this.taskHost = builder.taskHost.orElseThrow(
                () -> new IllegalStateException("PluginHost needs a taskHost"));
        this.configByPluginId = builder.configByPluginId;
    }

    /** A builder; {@code pluginsDirectory} and {@code taskHost} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads and starts every {@code *.jar} of the plugins directory, in file-name order; other
     * files are ignored (R25). A JAR that fails is reported by {@link #plugins()} as
     * {@link PluginState#FAILED} with the reason, and the others still load (R26, R28). Each
     * plugin's {@code start} runs on the calling thread, with the plugin's class loader as the
     * thread's context class loader.
     *
     * @throws IllegalStateException if the host was already started or closed; if the plugins
     *     directory does not exist or is not a directory; or if {@code dev.taskhost.api} is not in
     *     a named module of a module layer (task-api must be on the module path)
     * @throws java.io.UncheckedIOException if the directory cannot be listed
     */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("this PluginHost is closed; build a new one");
            }
            if (started) {
                throw new IllegalStateException("this PluginHost was already started");
            }
            ModuleLayer parent = PluginLayers.apiLayer();
            List<Path> jars = PluginDirectory.jars(directory);
            started = true;
            PluginLoader loader = new PluginLoader(parent, taskHost, configByPluginId);
            List<LoadedPlugin> loaded = new ArrayList<>();
            for (Path jar : jars) {
                PluginLoader.Outcome outcome = loader.load(jar);
                outcome.running().ifPresent(running::add);
                loaded.add(outcome.plugin());
                plugins = List.copyOf(loaded);
            }
        }
    }

    /**
     * Every plugin JAR found by {@link #start()}, in file-name order, with its current state; empty
     * before {@code start}. An immutable snapshot.
     */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /**
     * Calls {@code stop} once on every started plugin, in reverse start order (a throw is logged and
     * kept in {@link LoadedPlugin#error()}, not rethrown), then stops their queues as
     * {@link TaskHost#stopOwner} does (R22), then drops every reference to the plugins' instances,
     * layers and class loaders, so that their classes can be unloaded. Started plugins become
     * {@link PluginState#STOPPED}; failed ones stay {@link PluginState#FAILED}. Does not close the
     * {@link TaskHost}: its owner does. Idempotent. Blocks while the plugins' {@code stop} methods
     * run, then up to the task host's shutdown grace (the plugins' queues stop in parallel).
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            Map<String, String> stopErrors = PluginStopper.stop(running, taskHost);
            running.clear();
            plugins = plugins.stream().map(plugin -> plugin.state() == PluginState.STARTED
                    ? new LoadedPlugin(plugin.id(), plugin.manifest(), PluginState.STOPPED,
                            Optional.ofNullable(stopErrors.get(plugin.id())))
                    : plugin).toList();
        }
    }

    /** Configures a {@link PluginHost}. Not thread-safe. */
    public static final class Builder {
        private Optional<Path> directory = Optional.empty();
        private Optional<TaskHost> taskHost = Optional.empty();
        private Function<String, Map<String, String>> configByPluginId = id -> Map.of();

        private Builder() {
        }

        /**
         * The directory whose {@code *.jar} files are the plugins. Required.
         *
         * @throws NullPointerException if {@code dir} is null
         */
        public Builder pluginsDirectory(Path dir) {
            this.directory = Optional.of(Objects.requireNonNull(dir, "pluginsDirectory"));
            return this;
        }

        /**
         * The task host whose services the plugins get, each as the owner named by its plugin id.
         * Required. The plugin host stops its plugins' owners on close, but never closes the task
         * host.
         *
         * @throws NullPointerException if {@code host} is null
         */
        public Builder taskHost(TaskHost host) {
            this.taskHost = Optional.of(Objects.requireNonNull(host, "taskHost"));
            return this;
        }

        /**
         * Settings for each plugin, by plugin id, handed to it as {@code PluginContext.config()}.
         * Called once per plugin, before its {@code start}; a {@code null} result means no
         * settings, a throw fails that plugin alone. Default: no settings for anyone.
         *
         * @throws NullPointerException if {@code configByPluginId} is null
         */
        public Builder config(Function<String, Map<String, String>> configByPluginId) {
            this.configByPluginId = Objects.requireNonNull(configByPluginId, "config");
            return this;
        }

        /**
         * @throws IllegalStateException if {@code pluginsDirectory} or {@code taskHost} was not set
         */
        public PluginHost build() {
            return new PluginHost(this);
        }
    }
}
