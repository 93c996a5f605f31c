package dev.taskhost.samples.fetcher;

import dev.taskhost.api.PermissionDeniedException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.testkit.FakeTaskService;
import dev.taskhost.testkit.ManualClock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the host hands the plugin, for tests: its task service is a {@link FakeTaskService} on a
 * manual clock (shared with the simulated API), with the budget of the plugin's manifest.
 */
final class TestPluginContext implements PluginContext {
    static final PluginManifest MANIFEST = new PluginManifest("Rate-limited fetcher", "test",
            Set.of(PluginManifest.TASKQUEUE), 2, "tests");

    private final ManualClock clock;
    private final Map<String, String> config;
    private Optional<FakeTaskService> tasks = Optional.empty();

    TestPluginContext(ManualClock clock, Map<String, String> config) {
        this.clock = clock;
        this.config = Map.copyOf(config);
    }

    /** The service the plugin asked for; fails the test if it asked for none. */
    FakeTaskService tasks() {
        return tasks.orElseThrow(() -> new AssertionError("the plugin asked for no task service"));
    }

    boolean askedForTasks() {
        return tasks.isPresent();
    }

    @Override
    public String pluginId() {
        return "rate-limited-fetcher";
    }

    @Override
    public PluginManifest manifest() {
        return MANIFEST;
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    @Override
    public TaskService taskService(TaskWorker worker) {
        if (!MANIFEST.permissions().contains(PluginManifest.TASKQUEUE)) {
            throw new PermissionDeniedException("no taskqueue permission");
        }
        if (tasks.isPresent()) {
            throw new IllegalStateException("this test context hands out one task service");
        }
        FakeTaskService service = FakeTaskService.builder()
                .owner(pluginId())
                .maxConcurrency(MANIFEST.maxConcurrency())
                .clock(clock)
                .worker(worker)
                .build();
        tasks = Optional.of(service);
        return service;
    }
}
