package probe.reload;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A plugin that uses what real plugins use, and tidies it all up in {@code stop} as the README says
 * a plugin must, to be unloadable (R56): a thread of its own, a static cache, a
 * {@link ThreadLocal} on the host's worker threads, a JDBC driver registered with
 * {@link DriverManager}, and queued tasks.
 *
 * <p>What it does depends on its version (the manifest's {@code Plugin-Version}, here {@code V}) and
 * its config: {@code delay.V} (an ISO-8601 duration) is its queue's delay, {@code enqueue.V} how
 * many tasks it enqueues on start, and {@code fail.V=true} makes its start throw. It reports
 * {@code starts.V}, {@code stops.V}, {@code ran.V} (tasks run), {@code beats.V} (its own thread's
 * heartbeats) and {@code loader.V} (its class loader).
 */
public final class ReloadablePlugin implements TaskPlugin {
    /** Statics in use: the host must not keep them reachable once the plugin is gone. */
    static final Map<String, Object> CACHE = new ConcurrentHashMap<>();
    private static final ThreadLocal<StringBuilder> SCRATCH = ThreadLocal.withInitial(StringBuilder::new);

    private PluginContext context;
    private ScheduledExecutorService heartbeat;
    private ProbeDriver driver;

    @Override
    public void start(PluginContext context) throws SQLException {
        this.context = context;
        String version = context.manifest().version();
        Report.increment(context, "starts." + version);
        if (Boolean.parseBoolean(context.config().get("fail." + version))) {
            throw new IllegalStateException("version " + version + " refuses to start, as configured");
        }
        CACHE.put("instance", this);
        driver = new ProbeDriver();
        DriverManager.registerDriver(driver);
        heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "probe-reload-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(() -> Report.put(context, "beats." + version, "yes"), 0, 10,
                TimeUnit.MILLISECONDS);
        TaskService service = context.taskService(task -> {
            try {
                SCRATCH.get().append(task.taskId());
                Report.increment(context, "ran." + version);
                return "ran on " + version;
            } finally {
                // A ThreadLocal's value on a host thread would keep this plugin's classes reachable.
                SCRATCH.remove();
            }
        });
        Duration delay = Duration.parse(context.config().getOrDefault("delay." + version, "PT0S"));
        service.createQueue("jobs", QueueConfig.builder().delay(delay).build());
        int enqueue = Integer.parseInt(context.config().getOrDefault("enqueue." + version, "0"));
        for (int i = 0; i < enqueue; i++) {
            service.enqueue("jobs", new byte[] {(byte) i});
        }
        Report.put(context, "loader." + version, getClass().getClassLoader());
    }

    @Override
    public void stop() throws SQLException, InterruptedException {
        String version = context.manifest().version();
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (driver != null) {
            DriverManager.deregisterDriver(driver);
        }
        CACHE.clear();
        Report.increment(context, "stops." + version);
    }
}
