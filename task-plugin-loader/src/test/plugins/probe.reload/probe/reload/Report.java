package probe.reload;

import dev.taskhost.api.plugin.PluginContext;

/**
 * Tells the test what happened: system properties named by the prefix the test put in the
 * plugin's config, then the plugin id and a key.
 */
final class Report {

    private Report() {
    }

    static void put(PluginContext context, String key, Object value) {
        System.getProperties().put(name(context, key), value);
    }

    static synchronized void increment(PluginContext context, String key) {
        Object before = System.getProperties().get(name(context, key));
        put(context, key, String.valueOf(before == null ? 1 : Integer.parseInt(before.toString()) + 1));
    }

    /** The outcome of an attempt: "REACHED", or the class of what it threw. */
    static String attempt(Attempt attempt) {
        try {
            attempt.run();
            return "REACHED";
        } catch (Throwable e) {
            return e.getClass().getName();
        }
    }

    interface Attempt {
        void run() throws Throwable;
    }

    private static String name(PluginContext context, String key) {
        return context.config().getOrDefault("report", "taskhost.test.unconfigured.") + context.pluginId() + "." + key;
    }
}
