package dev.taskhost.plugins;

import dev.taskhost.api.plugin.PluginManifest;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link PluginHost} made of one plugin JAR. Immutable; it holds no reference to the
 * plugin's classes, so keeping it does not keep a closed plugin in memory.
 *
 * @param id the JAR's file name without {@code .jar}; for a JAR rejected for its file name, that
 *     rejected name
 * @param manifest the validated manifest; for a JAR whose manifest could not be read or validated,
 *     an empty one: empty name and version, no permissions, a budget of 1, empty reason
 * @param state where the plugin stands
 * @param error for {@link PluginState#FAILED}, why, naming the JAR (and the manifest attribute when
 *     one is at fault); for {@link PluginState#STOPPED}, why its {@code stop} threw, if it did;
 *     empty for {@link PluginState#STARTED}
 * @param updateError why the JAR now in the plugins directory did not replace the version that
 *     runs, which keeps running (R55); empty when it did, or when there was no new version
 */
public record LoadedPlugin(String id, PluginManifest manifest, PluginState state, Optional<String> error,
                           Optional<String> updateError) {

    /**
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if a {@code FAILED} plugin has no error, or a
     *     {@code STARTED} one has one
     */
    public LoadedPlugin {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(updateError, "updateError");
        if (state == PluginState.FAILED && error.isEmpty()) {
            throw new IllegalArgumentException("a FAILED plugin needs an error: plugin '" + id + "'");
        }
        if (state == PluginState.STARTED && error.isPresent()) {
            throw new IllegalArgumentException("a STARTED plugin has no error: plugin '" + id + "'");
        }
    }

    /** A report without an update error. */
    public LoadedPlugin(String id, PluginManifest manifest, PluginState state, Optional<String> error) {
        this(id, manifest, state, error, Optional.empty());
    }
}
