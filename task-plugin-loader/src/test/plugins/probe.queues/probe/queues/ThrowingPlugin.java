package probe.queues;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Starts a task that runs until interrupted, waits until it runs, then fails its own start. */
public final class ThrowingPlugin implements TaskPlugin {
    private volatile PluginContext context;

    @Override
    public void start(PluginContext context) throws Exception {
        this.context = context;
        CountDownLatch running = new CountDownLatch(1);
        TaskService service = context.taskService(task -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                Report.put(context, "interrupted", task.taskId());
                throw e;
            }
        });
        service.createQueue("doomed", QueueConfig.defaults());
        Report.put(context, "task", service.enqueue("doomed", new byte[0]));
        if (!running.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the task never started");
        }
        throw new IllegalStateException("start fails on purpose");
    }

    @Override
    public void stop() {
        Report.increment(context, "stops");
    }
}
