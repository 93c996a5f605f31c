package probe.staticinit;

import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;

/** Sets "taskhost.test.initialised.<jar file name>" when its class is initialised. */
public final class StaticInitPlugin implements TaskPlugin {

    static {
        String jar = StaticInitPlugin.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        System.setProperty("taskhost.test.initialised." + jar.substring(jar.lastIndexOf('/') + 1), "yes");
    }

    @Override
    public void start(PluginContext context) {
    }
}
