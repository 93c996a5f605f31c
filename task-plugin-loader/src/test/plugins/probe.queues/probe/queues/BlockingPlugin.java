package probe.queues;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.util.concurrent.CountDownLatch;

/** Starts a task that runs until it is interrupted. */
public final class BlockingPlugin implements TaskPlugin {
    private volatile PluginContext context;

    @Override
    public void start(PluginContext context) {
        this.context = context;
        TaskService service = context.taskService(task -> {
            Report.put(context, "running", task.taskId());
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                Report.put(context, "interrupted", task.taskId());
                throw e;
            }
        });
        service.createQueue("slow", QueueConfig.defaults());
        Report.put(context, "task", service.enqueue("slow", new byte[0]));
    }

    @Override
    public void stop() {
        Report.increment(context, "stops");
    }
}
