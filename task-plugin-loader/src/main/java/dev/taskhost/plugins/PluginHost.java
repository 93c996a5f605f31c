package dev.taskhost.plugins;

import dev.taskhost.core.TaskHost;
import dev.taskhost.plugins.internal.DirectoryWatcher;
import dev.taskhost.plugins.internal.PluginDirectory;
import dev.taskhost.plugins.internal.PluginLayers;
import dev.taskhost.plugins.internal.PluginLoader;
import dev.taskhost.plugins.internal.PluginSet;
import dev.taskhost.plugins.internal.Staging;
import dev.taskhost.plugins.internal.WritableByOthers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * services the host hands them, not what their code could do. {@link Builder#trust} decides which
 * JARs are loaded at all (R57). Each JAR is loaded from the host's own copy of it, so a JAR
 * rewritten in place never changes the classes of the version that runs.
 *
 * <p>With {@link Builder#watchDirectory}, the host follows the directory while it runs (R55); the
 * same changes can be made by call ({@link #start(String)}, {@link #stop(String)},
 * {@link #reload(String)}) by a host that manages its directory itself.
 *
 * <p>Thread-safe. Changes to the plugins run one at a time; {@link #plugins()} never blocks.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);

    private final Path directory;
    private final TaskHost taskHost;
    private final Function<String, Map<String, String>> configByPluginId;
    private final PluginTrust trust;
    private final boolean watch;
    private final Duration watchInterval;

    private final Object lifecycle = new Object();
    // Guarded by lifecycle.
    private boolean started;
    private boolean closed;
    private Optional<PluginSet> set = Optional.empty();
    private Optional<Staging> staging = Optional.empty();
    private Optional<DirectoryWatcher> watcher = Optional.empty();

    private PluginHost(Builder builder) {
        this.directory = builder.directory.orElseThrow(
                () -> new IllegalStateException("PluginHost needs a pluginsDirectory"));
        this.taskHost = builder.taskHost.orElseThrow(
                () -> new IllegalStateException("PluginHost needs a taskHost"));
        this.configByPluginId = builder.configByPluginId;
        this.trust = builder.trust;
        this.watch = builder.watch;
        this.watchInterval = builder.watchInterval;
    }

    /** A builder; {@code pluginsDirectory} and {@code taskHost} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads and starts every {@code *.jar} of the plugins directory, in file-name order; other
     * files are ignored (R25). A JAR that fails is reported by {@link #plugins()} as
     * {@link PluginState#FAILED} with the reason, and the others still load (R26, R28, R57). Each
     * plugin's {@code start} runs on the calling thread, with the plugin's class loader as the
     * thread's context class loader. With {@link Builder#watchDirectory}, then follows the
     * directory on a thread of its own until {@link #close()}. Logs a warning if users other than
     * its owner may write the directory or a JAR in it (R57).
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
            PluginDirectory.jars(directory);
            WritableByOthers.check(directory, "plugins directory");
            started = true;
            Staging copies = Staging.create();
            staging = Optional.of(copies);
            PluginSet plugins = new PluginSet(directory, taskHost,
                    new PluginLoader(parent, taskHost, configByPluginId, trust.check(), copies), watchInterval);
            set = Optional.of(plugins);
            LOG.info("plugins directory {}: trusting {}{}", directory, trust, watch ? ", watched" : "");
            plugins.loadAll();
            if (watch) {
                watcher = Optional.of(DirectoryWatcher.start(directory, watchInterval, plugins::scan));
            }
        }
    }

    /**
     * Every plugin JAR the host knows, in file-name order, with its current state; empty before
     * {@code start}. A plugin whose JAR was removed stays listed as {@link PluginState#STOPPED}
     * until its JAR comes back. An immutable snapshot.
     */
    public List<LoadedPlugin> plugins() {
        return set.map(PluginSet::plugins).orElse(List.of());
    }

    /**
     * Loads and starts {@code <pluginId>.jar} of the plugins directory, unless its plugin runs
     * already; for a host that manages its directory itself.
     *
     * @return the plugin's report: {@link PluginState#STARTED}, or {@link PluginState#FAILED} with why
     * @throws IllegalArgumentException if the id breaks R3 or the directory holds no such JAR
     * @throws IllegalStateException before {@link #start()} or after {@link #close()}
     */
    public LoadedPlugin start(String pluginId) {
        return plugins("start").start(pluginId);
    }

    /**
     * Stops one plugin as {@link #close()} stops all: {@code stop}, then its queues (R22); its
     * layer is released (R56) and its pending tasks stay stored for its next start.
     *
     * @return the plugin's report, {@link PluginState#STOPPED} if it was running
     * @throws IllegalArgumentException if the host knows no such plugin
     * @throws IllegalStateException before {@link #start()} or after {@link #close()}
     */
    public LoadedPlugin stop(String pluginId) {
        return plugins("stop").stop(pluginId);
    }

    /**
     * Loads {@code <pluginId>.jar} afresh and puts it in place of the version that runs (R55): the
     * new version is checked and resolved first, and only then is the old one stopped and the new
     * one started; its pending tasks carry over. If the new version cannot be loaded, or its
     * {@code start} throws, the old version keeps running (started afresh in the second case) and
     * {@link LoadedPlugin#updateError()} says why. A JAR that is gone stops its plugin.
     *
     * @return the plugin's report
     * @throws IllegalArgumentException if the id breaks R3, or there is neither such a plugin nor such a JAR
     * @throws IllegalStateException before {@link #start()} or after {@link #close()}
     */
    public LoadedPlugin reload(String pluginId) {
        return plugins("reload").reload(pluginId);
    }

    /**
     * Stops following the directory, then calls {@code stop} once on every started plugin, in
     * reverse start order (a throw is logged and kept in {@link LoadedPlugin#error()}, not
     * rethrown), then stops their queues as {@link TaskHost#stopOwner} does (R22), then drops every
     * reference to the plugins' instances, layers and class loaders, so that their classes can be
     * unloaded (R56). Started plugins become {@link PluginState#STOPPED}; failed ones stay
     * {@link PluginState#FAILED}. Does not close the {@link TaskHost}: its owner does. Idempotent.
     * Blocks while the plugins' {@code stop} methods run, then up to the task host's shutdown grace
     * (the plugins' queues stop in parallel).
     */
    @Override
    public void close() {
        Optional<DirectoryWatcher> following;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            following = watcher;
        }
        // Outside the lock: a scan under way finishes first.
        following.ifPresent(DirectoryWatcher::stop);
        synchronized (lifecycle) {
            set.ifPresent(PluginSet::closeAll);
            staging.ifPresent(Staging::close);
        }
    }

    private PluginSet plugins(String action) {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("this PluginHost is closed; cannot " + action + " a plugin");
            }
            return set.orElseThrow(() -> new IllegalStateException(
                    "this PluginHost is not started; call start() before " + action + "(pluginId)"));
        }
    }

    /** Configures a {@link PluginHost}. Not thread-safe. */
    public static final class Builder {
        private Optional<Path> directory = Optional.empty();
        private Optional<TaskHost> taskHost = Optional.empty();
        private Function<String, Map<String, String>> configByPluginId = id -> Map.of();
        private PluginTrust trust = PluginTrust.any();
        private boolean watch;
        private Duration watchInterval = Duration.ofSeconds(1);

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
         * Called once per plugin start, before {@code start}; a {@code null} result means no
         * settings, a throw fails that plugin alone. Default: no settings for anyone.
         *
         * @throws NullPointerException if {@code configByPluginId} is null
         */
        public Builder config(Function<String, Map<String, String>> configByPluginId) {
            this.configByPluginId = Objects.requireNonNull(configByPluginId, "config");
            return this;
        }

        /**
         * Whether to follow the plugins directory while the host runs (R55): a JAR added is loaded
         * and started once it is complete (one written in place is waited for until it reads as a
         * whole JAR); a JAR removed has its plugin stopped as on close; a JAR replaced has its
         * plugin replaced as {@link PluginHost#reload} does. Default false.
         */
        public Builder watchDirectory(boolean watch) {
            this.watch = watch;
            return this;
        }

        /**
         * How often a watched directory is looked at; default 1 s. A JAR that stays unreadable and
         * unchanged for five looks (and at least 2 s) is reported broken rather than still being written.
         *
         * @throws IllegalArgumentException if the interval is not positive, or longer than an hour
         */
        public Builder watchInterval(Duration interval) {
            Objects.requireNonNull(interval, "watchInterval");
            if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("watchInterval must be more than 0 and at most 1 h, not " + interval);
            }
            this.watchInterval = interval;
            return this;
        }

        /**
         * Which JARs may be loaded at all (R57); default {@link PluginTrust#any()}.
         *
         * @throws NullPointerException if {@code trust} is null
         */
        public Builder trust(PluginTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
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
