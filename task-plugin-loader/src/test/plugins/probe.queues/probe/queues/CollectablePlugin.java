package probe.queues;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Leaves the traces a real plugin leaves in the host: a queue, a finished task, and a task whose
 * retry waits an hour. Hands its class loader to the test, which checks that it can be collected
 * once the plugin is closed.
 */
public final class CollectablePlugin implements TaskPlugin {

    @Override
    public void start(PluginContext context) {
        TaskService service = context.taskService(task -> {
            if ("retry".equals(new String(task.payload(), StandardCharsets.UTF_8)) && task.attempt() == 1) {
                Report.put(context, "failedOnce", task.taskId());
                throw new IllegalStateException("the first attempt fails on purpose");
            }
            Report.put(context, "ran", task.taskId());
            return "done";
        });
        service.createQueue("work", QueueConfig.builder().maxRetries(1).backoff(Duration.ofHours(1)).build());
        service.enqueue("work", "once".getBytes(StandardCharsets.UTF_8));
        service.enqueue("work", "retry".getBytes(StandardCharsets.UTF_8));
        Report.put(context, "loader", getClass().getClassLoader());
    }
}
