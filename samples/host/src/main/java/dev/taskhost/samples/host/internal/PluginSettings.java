package dev.taskhost.samples.host.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Turns {@code --set PLUGIN.KEY=VALUE} options into each plugin's {@code PluginContext.config()}. */
public final class PluginSettings {

    private PluginSettings() {
    }

    /**
     * Splits each key at its last dot into a plugin id (which may hold dots) and a setting name
     * (which may not).
     *
     * @return the settings of a plugin by its id; empty for a plugin with none
     * @throws IllegalArgumentException naming the option if a key has no plugin id or no setting name
     */
    public static Function<String, Map<String, String>> byPluginId(Map<String, String> options) {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        options.forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new IllegalArgumentException("--set expects PLUGIN.KEY=VALUE, such as webhook-delivery.events=10;"
                        + " was '" + key + "=" + value + "'");
            }
            byId.computeIfAbsent(key.substring(0, dot), id -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
        });
        Map<String, Map<String, String>> frozen = new TreeMap<>();
        byId.forEach((id, settings) -> frozen.put(id, Map.copyOf(settings)));
        return id -> frozen.getOrDefault(id, Map.of());
    }
}
