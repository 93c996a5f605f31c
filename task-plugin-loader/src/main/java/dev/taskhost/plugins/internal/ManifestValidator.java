package dev.taskhost.plugins.internal;

import dev.taskhost.api.plugin.PluginManifest;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;

/** Checks a plugin manifest's attributes and turns them into a {@link PluginManifest} (R26). */
final class ManifestValidator {
    static final String NAME = "Plugin-Name";
    static final String VERSION = "Plugin-Version";
    static final String PERMISSIONS = "Plugin-Permissions";
    static final String MAX_CONCURRENCY = "Plugin-Taskqueue-Max-Concurrency";
    static final String REASON = "Plugin-Taskqueue-Reason";

    /** The permissions a manifest may ask for today. */
    static final Set<String> KNOWN_PERMISSIONS = Set.of(PluginManifest.TASKQUEUE);

    private static final int DEFAULT_MAX_CONCURRENCY = 1;

    private ManifestValidator() {
    }

    /** The manifest a plugin is reported with when its own could not be read or validated. */
    static PluginManifest unknown() {
        return new PluginManifest("", "", Set.of(), DEFAULT_MAX_CONCURRENCY, "");
    }

    static PluginManifest validate(Attributes attributes) throws PluginLoadException {
        String name = required(attributes, NAME);
        String version = required(attributes, VERSION);
        Set<String> permissions = permissions(attributes);
        int maxConcurrency = maxConcurrency(attributes);
        String reason = value(attributes, REASON).orElse("");
        return new PluginManifest(name, version, permissions, maxConcurrency, reason);
    }

    private static String required(Attributes attributes, String attribute) throws PluginLoadException {
        Optional<String> value = value(attributes, attribute);
        if (value.isEmpty()) {
            throw new PluginLoadException("manifest attribute " + attribute + " is missing or empty; it is required (R26)");
        }
        return value.get();
    }

    private static Set<String> permissions(Attributes attributes) throws PluginLoadException {
        Optional<String> value = value(attributes, PERMISSIONS);
        if (value.isEmpty()) {
            return Set.of();
        }
        Set<String> permissions = new LinkedHashSet<>();
        for (String permission : Arrays.stream(value.get().split(",")).map(String::strip).toList()) {
            if (permission.isEmpty()) {
                continue;
            }
            if (!KNOWN_PERMISSIONS.contains(permission)) {
                throw new PluginLoadException("manifest attribute " + PERMISSIONS + " names unknown permission '"
                        + permission + "'; known: " + String.join(", ", KNOWN_PERMISSIONS) + " (R26)");
            }
            permissions.add(permission);
        }
        return permissions;
    }

    private static int maxConcurrency(Attributes attributes) throws PluginLoadException {
        Optional<String> value = value(attributes, MAX_CONCURRENCY);
        if (value.isEmpty()) {
            return DEFAULT_MAX_CONCURRENCY;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.get());
        } catch (NumberFormatException e) {
            throw badConcurrency(value.get());
        }
        if (parsed < 1) {
            throw badConcurrency(value.get());
        }
        return parsed;
    }

    private static PluginLoadException badConcurrency(String value) {
        return new PluginLoadException("manifest attribute " + MAX_CONCURRENCY + " is '" + value
                + "'; it must be an integer of at least 1 (R26)");
    }

    /** The attribute's value without surrounding blanks; empty when absent or blank. */
    private static Optional<String> value(Attributes attributes, String attribute) {
        return Optional.ofNullable(attributes.getValue(attribute)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
