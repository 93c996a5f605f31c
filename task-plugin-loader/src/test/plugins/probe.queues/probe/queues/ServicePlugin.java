package probe.queues;

import dev.taskhost.api.PermissionDeniedException;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;

/** Asks for a task service and reports whether it got one. */
public final class ServicePlugin implements TaskPlugin {

    @Override
    public void start(PluginContext context) {
        try {
            context.taskService(task -> "done");
            Report.put(context, "service", "granted");
        } catch (PermissionDeniedException e) {
            Report.put(context, "service", "denied: " + e.getMessage());
        }
    }
}
