package probe.queues;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;

/**
 * Tries to read and cancel another plugin's tasks, whose ids its config names, and reports what
 * it got, next to what it gets for an id nobody has.
 */
public final class ThiefPlugin implements TaskPlugin {

    @Override
    public void start(PluginContext context) {
        TaskService service = context.taskService(task -> "done");
        for (String name : new String[] {"running", "pending", "unknown"}) {
            String id = context.config().get(name);
            Report.put(context, "get." + name, outcome(id, () -> service.get(id).status().name()));
            Report.put(context, "cancel." + name, outcome(id, () -> {
                service.cancel(id);
                return "cancelled";
            }));
        }
    }

    interface Call {
        String call();
    }

    /** What the call returned, or the exception's class and message with the id masked. */
    private static String outcome(String id, Call call) {
        try {
            return "returned " + call.call();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + String.valueOf(e.getMessage()).replace(id, "<id>");
        }
    }
}
