package probe.queues;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;

/** Asks for 2, 5 and 1 workers in three queues, each through a service of its own, and reports what it got. */
public final class BudgetPlugin implements TaskPlugin {

    @Override
    public void start(PluginContext context) {
        int budget = context.manifest().maxConcurrency();
        Report.put(context, "budget", String.valueOf(budget));
        create(context, "first", 2);
        create(context, "second", 5);
        create(context, "third", 1);
    }

    private static void create(PluginContext context, String queue, int concurrency) {
        TaskService service = context.taskService(task -> "done");
        try {
            service.createQueue(queue, QueueConfig.builder().concurrency(concurrency).build());
            Report.put(context, queue, "created");
        } catch (RuntimeException e) {
            Report.put(context, queue, e.getClass().getName() + ": " + e.getMessage());
        }
    }
}
