package dev.taskhost.plugins.internal;

import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.api.plugin.TaskPlugin;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * A started plugin, as the host keeps it until it is stopped: the only place the host holds the
 * plugin's instance, provider and class loader.
 *
 * @param staged the host's private copy of the JAR, which the plugin's layer reads its classes from
 */
public record RunningPlugin(String id, PluginManifest manifest, TaskPlugin plugin, ClassLoader loader,
                            HostPluginContext context, ServiceLoader.Provider<TaskPlugin> provider, Path staged) {
}
