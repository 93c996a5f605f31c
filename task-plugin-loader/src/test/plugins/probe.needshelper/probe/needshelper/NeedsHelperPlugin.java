package probe.needshelper;

import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import probe.helper.Helper;

/** Needs a module that is not there. */
public final class NeedsHelperPlugin implements TaskPlugin {

    @Override
    public void start(PluginContext context) {
        Helper.help();
    }
}
