package dev.taskhost.api.plugin;

/**
 * A plugin's entry point. A plugin JAR provides exactly one, through {@link java.util.ServiceLoader}
 * ({@code provides dev.taskhost.api.plugin.TaskPlugin with ...} in its {@code module-info.java},
 * or a {@code META-INF/services} file for an automatic module).
 */
public interface TaskPlugin {

    /**
     * Called once when the host loads the plugin. A throw marks the plugin {@code FAILED} (R28).
     */
    void start(PluginContext context) throws Exception;

    /** Called once when the host closes, before the plugin's queues stop. */
    default void stop() throws Exception {
    }
}
