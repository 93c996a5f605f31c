package probe.good;

import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;

/** Reports where it was loaded, what it was handed, and how often it was stopped; its stop throws when told to. */
public final class GoodPlugin implements TaskPlugin {
    private volatile PluginContext context;

    @Override
    public void start(PluginContext context) {
        this.context = context;
        Report.put(context, "module", getClass().getModule());
        Report.put(context, "contextLoader",
                Thread.currentThread().getContextClassLoader() == getClass().getClassLoader() ? "own" : "other");
        Report.put(context, "manifest", context.manifest().name() + " " + context.manifest().version());
        Report.put(context, "greeting", context.config().getOrDefault("greeting", "none"));
    }

    @Override
    public void stop() {
        Report.increment(context, "stops");
        if (context.config().containsKey("failStop")) {
            throw new IllegalStateException("stop fails on purpose");
        }
    }
}
