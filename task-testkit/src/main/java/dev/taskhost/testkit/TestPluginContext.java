package dev.taskhost.testkit;

import dev.taskhost.api.PermissionDeniedException;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.PluginManifest;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link PluginContext} a host hands a plugin, for a plugin's own tests: hand it to the plugin's
 * {@code start}, then drive the {@link FakeTaskService} it asked for on its {@link ManualClock}.
 *
 * <p>It follows the host's rules: without the {@code taskqueue} permission, {@link #taskService}
 * throws {@link PermissionDeniedException} with the host's message (R27); with it, the service gets
 * the manifest's {@code maxConcurrency} budget (R4); {@link #config()} is what the host would pass.
 * The manifest starts from the host's defaults for absent attributes (no permissions, a budget of
 * 1): give the test the same permissions and budget as the plugin's real manifest. Unlike the host,
 * it hands out one task service per context (a second call throws {@link IllegalStateException}).
 *
 * <p>Needs no test framework. Thread-safe.
 */
public final class TestPluginContext implements PluginContext {
    private final String pluginId;
    private final PluginManifest manifest;
    private final Map<String, String> config;
    private final ManualClock clock;
    private Optional<FakeTaskService> tasks = Optional.empty(); // guarded by this

    private TestPluginContext(Builder builder) {
        this.pluginId = builder.pluginId;
        this.manifest = new PluginManifest(builder.name.orElse(builder.pluginId), builder.version,
                Set.copyOf(builder.permissions), builder.maxConcurrency, builder.reason);
        this.config = Map.copyOf(builder.config);
        this.clock = builder.clock;
    }

    /**
     * A builder for the plugin {@code pluginId} (its JAR's file name without {@code .jar}).
     *
     * @throws NullPointerException if {@code pluginId} is null
     * @throws IllegalArgumentException if it breaks R3
     */
    public static Builder builder(String pluginId) {
        return new Builder(TaskLimits.requireOwnerId(pluginId));
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    @Override
    public PluginManifest manifest() {
        return manifest;
    }

    @Override
    public Map<String, String> config() {
        return config;
    }

    /**
     * A {@link FakeTaskService} owned by the plugin id, with the manifest's budget, on this context's
     * clock, running {@code worker}.
     *
     * @throws PermissionDeniedException without the {@code taskqueue} permission (R27)
     * @throws IllegalStateException if the plugin already asked for one
     * @throws NullPointerException if {@code worker} is null
     */
    @Override
    public synchronized TaskService taskService(TaskWorker worker) {
        Objects.requireNonNull(worker, "worker");
        manifest.requireTaskQueuePermission(pluginId);
        if (tasks.isPresent()) {
            throw new IllegalStateException("plugin '" + pluginId + "' asked for a second task service; "
                    + "a TestPluginContext hands out one (the host would share the budget between them)");
        }
        FakeTaskService service = FakeTaskService.builder()
                .owner(pluginId)
                .maxConcurrency(manifest.maxConcurrency())
                .clock(clock)
                .worker(worker)
                .build();
        tasks = Optional.of(service);
        return service;
    }

    /**
     * The service the plugin asked for, to drive in the test.
     *
     * @throws IllegalStateException if the plugin asked for none
     */
    public synchronized FakeTaskService tasks() {
        return tasks.orElseThrow(() -> new IllegalStateException("plugin '" + pluginId + "' asked for no task service"));
    }

    /** Whether the plugin asked for a task service. */
    public synchronized boolean askedForTasks() {
        return tasks.isPresent();
    }

    /** The clock the service runs on. */
    public ManualClock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "TestPluginContext[" + pluginId + "]";
    }

    /** Configures a {@link TestPluginContext} as a plugin's manifest and the host's config would. Not thread-safe. */
    public static final class Builder {
        private static final Set<String> KNOWN_PERMISSIONS = Set.of(PluginManifest.TASKQUEUE);

        private final String pluginId;
        private Optional<String> name = Optional.empty();
        private String version = "test";
        private final Set<String> permissions = new LinkedHashSet<>();
        private int maxConcurrency = 1;
        private String reason = "";
        private final Map<String, String> config = new LinkedHashMap<>();
        private ManualClock clock = ManualClock.create();

        private Builder(String pluginId) {
            this.pluginId = pluginId;
        }

        /**
         * Adds manifest permissions ({@code Plugin-Permissions}); known today: {@code taskqueue}.
         *
         * @throws IllegalArgumentException for an unknown permission, which the host would reject (R26)
         */
        public Builder permissions(String... permissions) {
            for (String permission : permissions) {
                Objects.requireNonNull(permission, "permission");
                if (!KNOWN_PERMISSIONS.contains(permission)) {
                    throw new IllegalArgumentException("unknown permission '" + permission + "'; known: "
                            + String.join(", ", KNOWN_PERMISSIONS) + " (R26)");
                }
                this.permissions.add(permission);
            }
            return this;
        }

        /**
         * The manifest's {@code Plugin-Taskqueue-Max-Concurrency}; default 1.
         *
         * @throws IllegalArgumentException if {@code maxConcurrency < 1} (R26)
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("Plugin-Taskqueue-Max-Concurrency must be at least 1 (R26), was "
                        + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** The manifest's {@code Plugin-Name}; default the plugin id. */
        public Builder name(String name) {
            this.name = Optional.of(Objects.requireNonNull(name, "name"));
            return this;
        }

        /** The manifest's {@code Plugin-Version}; default {@code "test"}. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** The manifest's {@code Plugin-Taskqueue-Reason}; default empty. */
        public Builder reason(String reason) {
            this.reason = Objects.requireNonNull(reason, "reason");
            return this;
        }

        /** One setting of {@link PluginContext#config()}, as the host's config would pass it. */
        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Settings of {@link PluginContext#config()}, added to those given so far. */
        public Builder config(Map<String, String> settings) {
            settings.forEach(this::config);
            return this;
        }

        /** The clock of the task service, to share one with the test's simulated world; default a new one. */
        public Builder clock(ManualClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public TestPluginContext build() {
            return new TestPluginContext(this);
        }
    }
}
