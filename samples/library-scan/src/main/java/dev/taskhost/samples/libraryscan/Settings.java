package dev.taskhost.samples.libraryscan;

import dev.taskhost.api.plugin.PluginContext;

/** Reads this plugin's settings from the host. */
final class Settings {
    static final int MAX_COUNT = 10_000;

    private Settings() {
    }

    /**
     * The setting {@code key} as a count from 0 to {@value #MAX_COUNT}, or {@code fallback} when the
     * host gave none.
     *
     * @throws IllegalArgumentException naming the plugin, the key and the value if it is not one
     */
    static int count(PluginContext context, String key, int fallback) {
        String value = context.config().get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int count = Integer.parseInt(value.strip());
            if (count >= 0 && count <= MAX_COUNT) {
                return count;
            }
        } catch (NumberFormatException e) {
            // Reported below with the same message as an out-of-range number.
        }
        throw new IllegalArgumentException("setting '" + key + "' of plugin '" + context.pluginId()
                + "' must be a whole number from 0 to " + MAX_COUNT + ", was '" + value + "'");
    }
}
