package probe.two;

import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;

/** One of two plugins in one JAR. */
public final class Second implements TaskPlugin {

    @Override
    public void start(PluginContext context) {
    }
}
