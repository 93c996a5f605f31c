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
 * Loads and starts one plugin JAR, step by step: its file name; a private copy of it, checked by the
 * trust policy (R57); its manifest (before any of its classes, R26); its module layer and provider
 * (R25); then its {@code start} (R28). Whatever fails, fails this JAR alone: the outcome says why.
 * Preparing (everything up to {@code start}) is apart from starting, so that a new version can be
 * checked while the old one still runs (R55).
 */
public final class PluginLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final ModuleLayer parent;
    private final TaskHost taskHost;
    private final Function<String, Map<String, String>> configByPluginId;
    private final JarTrust trust;
    private final Staging staging;

    /** What became of one JAR: its report, and the running plugin if it started. */
    public record Outcome(LoadedPlugin plugin, Optional<RunningPlugin> running) {
    }

    /** What preparing a JAR gave. */
    public sealed interface Preparation {
    }

    /** A JAR ready to start: checked, its layer defined and its provider found, none of its code run. */
    public record Candidate(String id, PluginManifest manifest, Path staged, ServiceLoader.Provider<TaskPlugin> provider,
                            Map<String, String> config) implements Preparation {
    }

    /** A JAR that cannot be loaded, with the report that says why. */
    public record Rejected(LoadedPlugin plugin) implements Preparation {
    }

    /** A JAR that does not read as a zip file to its end yet: it is still being written. */
    public record Incomplete() implements Preparation {
    }

    /** Plugins' calls into the host run with the context class loader of the thread that creates this loader. */
    public PluginLoader(ModuleLayer parent, TaskHost taskHost, Function<String, Map<String, String>> configByPluginId,
                        JarTrust trust, Staging staging) {
        this.parent = parent;
        this.taskHost = taskHost;
        this.configByPluginId = configByPluginId;
        this.trust = trust;
        this.staging = staging;
    }

    /** Prepares and starts the JAR; a JAR that is not complete is reported as unreadable. */
    public Outcome load(Path jar) {
        Preparation preparation = prepare(jar, false);
        if (preparation instanceof Candidate candidate) {
            return start(candidate);
        }
        return new Outcome(((Rejected) preparation).plugin(), Optional.empty());
    }

    /**
     * Everything up to the plugin's {@code start}: loads the provider's class, runs none of the
     * plugin's code.
     *
     * @param waitIfIncomplete whether a JAR that does not read as a zip file to its end is
     *     {@link Incomplete} (a watcher tries it again later) rather than rejected
     */
    public Preparation prepare(Path jar, boolean waitIfIncomplete) {
        String id = PluginDirectory.pluginId(jar);
        if (!TaskLimits.OWNER_ID.matcher(id).matches()) {
            return rejected(jar, id, ManifestValidator.unknown(), "its file name gives plugin id '" + id
                    + "', which must match " + TaskLimits.OWNER_ID.pattern() + " (R26, R3)", null);
        }
        WritableByOthers.check(jar, "plugin JAR");
        Path staged;
        try {
            staged = staging.copy(jar);
        } catch (PluginLoadException e) {
            return rejected(jar, id, ManifestValidator.unknown(), e.getMessage(), e);
        }
        if (waitIfIncomplete && !Staging.complete(staged)) {
            Staging.delete(staged);
            LOG.debug("plugin JAR '{}' is not complete yet; it is loaded once it is", jar);
            return new Incomplete();
        }
        PluginManifest manifest = ManifestValidator.unknown();
        try {
            trust.verify(staged);
            manifest = ManifestValidator.validate(ManifestReader.mainAttributes(staged));
            ModuleLayer layer = PluginLayers.define(staged, parent);
            ServiceLoader.Provider<TaskPlugin> provider = PluginProviders.findOne(layer);
            return new Candidate(id, manifest, staged, provider, config(id));
        } catch (PluginLoadException e) {
            Staging.delete(staged);
            return rejected(jar, id, manifest, e.getMessage(), e.getCause());
        }
    }

    /** Instantiates and starts a prepared plugin (R28); a failed start stops its queues again. */
    public Outcome start(Candidate candidate) {
        String id = candidate.id();
        PluginManifest manifest = candidate.manifest();
        ServiceLoader.Provider<TaskPlugin> provider = candidate.provider();
        ClassLoader loader = provider.type().getClassLoader();
        HostPluginContext context = new HostPluginContext(id, manifest, candidate.config(), taskHost, loader);
        TaskPlugin plugin;
        try {
            plugin = ContextClassLoader.call(loader, provider::get);
        } catch (Throwable e) {
            Staging.delete(candidate.staged());
            return failed(id, manifest, "plugin JAR '" + id + ".jar' could not instantiate " + provider.type().getName()
                    + ": " + Failures.describe(e), e);
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
            return failed(id, manifest, "plugin JAR '" + id + ".jar' start of " + provider.type().getName()
                    + " failed: " + Failures.describe(e), e);
        }
        LOG.info("plugin '{}' ({} {}) started, module '{}' in its own layer", id, manifest.name(),
                manifest.version(), provider.type().getModule().getName());
        return new Outcome(new LoadedPlugin(id, manifest, PluginState.STARTED, Optional.empty()),
                Optional.of(new RunningPlugin(id, manifest, plugin, loader, context, provider, candidate.staged())));
    }

    /** Starts a fresh instance of a stopped plugin's same version, from the layer it ran in. */
    public Outcome restart(RunningPlugin stopped) {
        return start(new Candidate(stopped.id(), stopped.manifest(), stopped.staged(), stopped.provider(),
                stopped.context().config()));
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

    private static Rejected rejected(Path jar, String id, PluginManifest manifest, String reason, Throwable cause) {
        String error = "plugin JAR '" + jar.getFileName() + "' " + reason;
        if (cause == null) {
            LOG.warn("{}", error);
        } else {
            LOG.warn("{}", error, cause);
        }
        return new Rejected(new LoadedPlugin(id, manifest, PluginState.FAILED, Optional.of(error)));
    }

    private static Outcome failed(String id, PluginManifest manifest, String error, Throwable cause) {
        LOG.warn("{}", error, cause);
        return new Outcome(new LoadedPlugin(id, manifest, PluginState.FAILED, Optional.of(error)), Optional.empty());
    }
}
