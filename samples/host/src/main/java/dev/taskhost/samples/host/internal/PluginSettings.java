package dev.taskhost.samples.host.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code --set PLUGIN.KEY=VALUE} options, as each plugin's {@code PluginContext.config()}.
 * Immutable.
 */
public final class PluginSettings {
    private final Map<String, Map<String, String>> byId;
    /** Each plugin id's options as they were given, for messages. */
    private final Map<String, List<String>> optionsById;

    private PluginSettings(Map<String, Map<String, String>> byId, Map<String, List<String>> optionsById) {
        this.byId = byId;
        this.optionsById = optionsById;
    }

    /**
     * Splits each key at its last dot into a plugin id (which may hold dots) and a setting name
     * (which may not).
     *
     * @throws IllegalArgumentException naming the option if a key has no plugin id or no setting name
     */
    public static PluginSettings parse(Map<String, String> options) {
        Map<String, Map<String, String>> byId = new TreeMap<>();
        Map<String, List<String>> optionsById = new TreeMap<>();
        options.forEach((key, value) -> {
            int dot = key.lastIndexOf('.');
            if (dot <= 0 || dot == key.length() - 1) {
                throw new IllegalArgumentException("--set expects PLUGIN.KEY=VALUE, such as webhook-delivery.events=10;"
                        + " was '" + key + "=" + value + "'");
            }
            String id = key.substring(0, dot);
            byId.computeIfAbsent(id, unused -> new LinkedHashMap<>()).put(key.substring(dot + 1), value);
            optionsById.computeIfAbsent(id, unused -> new ArrayList<>()).add(key + "=" + value);
        });
        Map<String, Map<String, String>> frozen = new TreeMap<>();
        byId.forEach((id, settings) -> frozen.put(id, Map.copyOf(settings)));
        Map<String, List<String>> frozenOptions = new TreeMap<>();
        optionsById.forEach((id, given) -> frozenOptions.put(id, List.copyOf(given)));
        return new PluginSettings(frozen, frozenOptions);
    }

    /** The settings of the plugin {@code id}; empty for a plugin with none. */
    public Map<String, String> of(String id) {
        return byId.getOrDefault(id, Map.of());
    }

    /**
     * The options, as given ({@code mailr.mails=5}), of each plugin id that is none of
     * {@code pluginIds}: settings no plugin will see, most likely a misspelt id. By plugin id.
     */
    public Map<String, List<String>> optionsForNoneOf(Collection<String> pluginIds) {
        Map<String, List<String>> unknown = new TreeMap<>(optionsById);
        unknown.keySet().removeAll(pluginIds);
        return Collections.unmodifiableMap(unknown);
    }
}
