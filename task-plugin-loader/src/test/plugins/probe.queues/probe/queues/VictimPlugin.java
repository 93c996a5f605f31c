package probe.queues;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.util.concurrent.CountDownLatch;

/** Owns one running task and one pending behind it, and reports their ids. */
public final class VictimPlugin implements TaskPlugin {

    @Override
    public void start(PluginContext context) {
        TaskService service = context.taskService(task -> {
            new CountDownLatch(1).await();
            return "never";
        });
        service.createQueue("jobs", QueueConfig.defaults());
        Report.put(context, "running", service.enqueue("jobs", new byte[0]));
        Report.put(context, "pending", service.enqueue("jobs", new byte[0]));
    }
}
