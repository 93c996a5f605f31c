package dev.taskhost.api.plugin;

import dev.taskhost.api.PermissionDeniedException;
import java.util.Objects;
import java.util.Set;

/**
 * A plugin JAR's manifest attributes, validated before any of its classes is loaded (R26).
 *
 * @param name {@code Plugin-Name}
 * @param version {@code Plugin-Version}
 * @param permissions {@code Plugin-Permissions}; known today: {@value #TASKQUEUE}
 * @param maxConcurrency {@code Plugin-Taskqueue-Max-Concurrency}, at least 1: the budget shared
 *     by all of the plugin's queues
 * @param reason {@code Plugin-Taskqueue-Reason}; empty when absent
 */
public record PluginManifest(String name, String version, Set<String> permissions,
                             int maxConcurrency, String reason) {

    /** The permission to use task queues. */
    public static final String TASKQUEUE = "taskqueue";

    /** @throws NullPointerException if a component is null */
    public PluginManifest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        permissions = Set.copyOf(permissions);
        Objects.requireNonNull(reason, "reason");
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be >= 1, was " + maxConcurrency);
        }
    }

    /**
     * Checks that the plugin {@code pluginId}, with this manifest, may be handed a task service (R27).
     *
     * @throws PermissionDeniedException without the {@value #TASKQUEUE} permission
     */
    public void requireTaskQueuePermission(String pluginId) {
        if (!permissions.contains(TASKQUEUE)) {
            throw new PermissionDeniedException("plugin '" + pluginId + "' has no '" + TASKQUEUE
                    + "' permission: add it to the Plugin-Permissions attribute of its manifest (R27)");
        }
    }
}
