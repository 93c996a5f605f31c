package dev.taskhost.api.plugin;

import dev.taskhost.api.PermissionDeniedException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import java.util.Map;

/** What the host hands a plugin in {@link TaskPlugin#start}. Thread-safe. */
public interface PluginContext {

    /** The JAR's file name without {@code .jar}; it is also the plugin's task owner id (R1). */
    String pluginId();

    /** The plugin's validated manifest. */
    PluginManifest manifest();

    /** Host-supplied settings for this plugin; empty if none. Unmodifiable. */
    Map<String, String> config();

    /**
     * The plugin's task service; {@code worker} runs its tasks. Every call returns a view of the
     * same owner and shares the manifest's concurrency budget (R4, R27).
     *
     * @throws PermissionDeniedException without the {@code taskqueue} permission
     */
    TaskService taskService(TaskWorker worker);
}
