package dev.taskhost.plugins.internal;

import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.api.plugin.TaskPlugin;
import dev.taskhost.core.TaskHost;
import dev.taskhost.plugins.LoadedPlugin;
import dev.taskhost.plugins.PluginState;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and starts one plugin JAR, step by step: its file name, its manifest (before any of its
 * classes, R26), its module layer and provider (R25), then its {@code start} (R28). Whatever
 * fails, fails this JAR alone: the outcome says why.
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final ModuleLayer parent;
    private final TaskHost taskHost;
    private final Function<String, Map<String, String>> configByPluginId;

    /** What became of one JAR: its report, and the running plugin if it started. */
    public record Outcome(LoadedPlugin plugin, Optional<RunningPlugin> running) {
    }

    /** Plugins' calls into the host run with the context class loader of the thread that creates this loader. */
    public PluginLoader(ModuleLayer parent, TaskHost taskHost, Function<String, Map<String, String>> configByPluginId) {
        this.parent = parent;
        this.taskHost = taskHost;
        this.configByPluginId = configByPluginId;
    }

    public Outcome load(Path jar) {
        String id = PluginDirectory.pluginId(jar);
        if (!TaskLimits.OWNER_ID.matcher(id).matches()) {
            return failed(jar, id, ManifestValidator.unknown(), "its file name gives plugin id '" + id
                    + "', which must match " + TaskLimits.OWNER_ID.pattern() + " (R26, R3)");
        }
        PluginManifest manifest;
        try {
            manifest = ManifestValidator.validate(ManifestReader.mainAttributes(jar));
        } catch (PluginLoadException e) {
            return failed(jar, id, ManifestValidator.unknown(), e.getMessage());
        }
        ModuleLayer layer;
        ServiceLoader.Provider<TaskPlugin> provider;
        Map<String, String> config;
        try {
            layer = PluginLayers.define(jar, parent);
            provider = PluginProviders.findOne(layer);
            config = config(id);
        } catch (PluginLoadException e) {
            return failed(jar, id, manifest, e.getMessage());
        }
        ClassLoader loader = provider.type().getClassLoader();
        HostPluginContext context = new HostPluginContext(id, manifest, config, taskHost, loader);
        TaskPlugin plugin;
        try {
            plugin = ContextClassLoader.call(loader, provider::get);
        } catch (Throwable e) {
            return failed(jar, id, manifest, "could not instantiate " + provider.type().getName() + ": "
                    + Failures.describe(e), e);
        }
        try {
            ContextClassLoader.run(loader, () -> plugin.start(context));
        } catch (Throwable e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // R28: a plugin that failed to start owns no running queue.
            context.close();
            stopOwner(id);
            return failed(jar, id, manifest, "start of " + provider.type().getName() + " failed: "
                    + Failures.describe(e), e);
        }
        LOG.info("plugin '{}' ({} {}) started from {}, module '{}' in its own layer", id, manifest.name(),
                manifest.version(), jar, provider.type().getModule().getName());
        return new Outcome(new LoadedPlugin(id, manifest, PluginState.STARTED, Optional.empty()),
                Optional.of(new RunningPlugin(id, manifest, plugin, loader, context)));
    }

    private Map<String, String> config(String id) throws PluginLoadException {
        try {
            return Optional.ofNullable(configByPluginId.apply(id)).map(Map::copyOf).orElse(Map.of());
        } catch (RuntimeException e) {
            throw new PluginLoadException("its config could not be computed: " + Failures.describe(e), e);
        }
    }

    private void stopOwner(String id) {
        try {
            taskHost.stopOwner(id);
        } catch (RuntimeException e) {
            LOG.warn("plugin '{}': stopping its queues after its failed start failed", id, e);
        }
    }

    private static Outcome failed(Path jar, String id, PluginManifest manifest, String reason) {
        String error = error(jar, reason);
        LOG.warn("{}", error);
        return failedOutcome(id, manifest, error);
    }

    private static Outcome failed(Path jar, String id, PluginManifest manifest, String reason, Throwable cause) {
        String error = error(jar, reason);
        LOG.warn("{}", error, cause);
        return failedOutcome(id, manifest, error);
    }

    private static String error(Path jar, String reason) {
        return "plugin JAR '" + jar.getFileName() + "' " + reason;
    }

    private static Outcome failedOutcome(String id, PluginManifest manifest, String error) {
        return new Outcome(new LoadedPlugin(id, manifest, PluginState.FAILED, Optional.of(error)), Optional.empty());
    }
}
