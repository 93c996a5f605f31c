package dev.taskhost.samples.nopermission;

import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;

/**
 * Asks for a task service although its manifest has no {@code Plugin-Permissions: taskqueue}. The
 * host answers with {@link dev.taskhost.api.PermissionDeniedException}, which this start lets
 * through, so the plugin ends {@code FAILED} with that error and owns no queue.
 */
public final class NoPermissionPlugin implements TaskPlugin {

    /** The plugin as the host loads it. */
    public NoPermissionPlugin() {
    }

    /** @throws dev.taskhost.api.PermissionDeniedException always: the manifest grants no task queues */
    @Override
    public void start(PluginContext context) {
        context.taskService(task -> "never runs: the host hands this plugin no task service");
    }
}
