package dev.taskhost.plugins.internal;

import dev.taskhost.api.PermissionDeniedException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.core.TaskHost;
import java.util.Map;
import java.util.Objects;

/**
 * The context one plugin gets: its services are the task host's services of the owner named by the
 * plugin id, with the manifest's budget (R27, R4). Closed once the plugin failed or was stopped, so
 * that a plugin thread left behind cannot start its owner afresh. Thread-safe.
 */
final class HostPluginContext implements PluginContext {
    private final String pluginId;
    private final PluginManifest manifest;
    private final Map<String, String> config;
    private final TaskHost taskHost;
    private final ClassLoader pluginLoader;
    private boolean closed; // guarded by this

    HostPluginContext(String pluginId, PluginManifest manifest, Map<String, String> config, TaskHost taskHost,
                      ClassLoader pluginLoader) {
        this.pluginId = pluginId;
        this.manifest = manifest;
        this.config = Map.copyOf(config);
        this.taskHost = taskHost;
        this.pluginLoader = pluginLoader;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public PluginManifest manifest() {
        return manifest;
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    /**
     * @throws PermissionDeniedException without the {@code taskqueue} permission (R27)
     * @throws IllegalStateException once the plugin failed or was stopped
     */
    @Override
    public synchronized TaskService taskService(TaskWorker worker) {
        Objects.requireNonNull(worker, "worker");
        manifest.requireTaskQueuePermission(pluginId);
        if (closed) {
            throw new IllegalStateException("plugin '" + pluginId + "' was stopped; its context hands out no services");
        }
        // Under the lock, so that close() cannot slip between the check and the new service.
        TaskWorker pluginWorker = new ContextClassLoaderWorker(worker, pluginLoader);
        // The host's own loader while the host works: what it starts for the first time in this JVM
        // (opening the owner's store can start a process, and with it the JDK's process reaper
        // thread) must not inherit the plugin's loader, or it would keep the plugin in memory (R56).
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(HostPluginContext.class.getClassLoader());
        try {
            return taskHost.service(pluginId, manifest.maxConcurrency(), pluginWorker);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** No more services from now on; the caller then stops the owner. */
    synchronized void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "PluginContext[" + pluginId + "]";
    }
}
