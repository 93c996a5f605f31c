package dev.taskhost.plugins.internal;

import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.api.plugin.TaskPlugin;

/**
 * A started plugin, as the host keeps it until close: the only place the host holds the plugin's
 * instance and class loader.
 */
public record RunningPlugin(String id, PluginManifest manifest, TaskPlugin plugin, ClassLoader loader,
                            HostPluginContext context) {
}
