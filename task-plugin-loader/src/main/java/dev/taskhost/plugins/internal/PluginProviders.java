package dev.taskhost.plugins.internal;

import dev.taskhost.api.plugin.TaskPlugin;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds the one {@link TaskPlugin} a plugin's own layer provides (R25). */
final class PluginProviders {

    private PluginProviders() {
    }

    /**
     * The provider of the layer's own module; providers of parent layers (the host's, say) are not
     * the plugin's and are ignored. Loads the provider's class but does not instantiate it.
     *
     * @throws PluginLoadException if the layer provides none, or several
     */
    static ServiceLoader.Provider<TaskPlugin> findOne(ModuleLayer layer) throws PluginLoadException {
        List<ServiceLoader.Provider<TaskPlugin>> own;
        try {
            own = ServiceLoader.load(layer, TaskPlugin.class).stream()
                    .filter(provider -> provider.type().getModule().getLayer() == layer)
                    .toList();
        } catch (ServiceConfigurationError e) {
            throw new PluginLoadException("its " + TaskPlugin.class.getName() + " provider could not be loaded: "
                    + Failures.describe(e), e);
        }
        if (own.isEmpty()) {
            throw new PluginLoadException("provides no " + TaskPlugin.class.getName() + "; declare exactly one with "
                    + "'provides " + TaskPlugin.class.getName() + " with ...' in module-info.java, or in "
                    + "META-INF/services/" + TaskPlugin.class.getName() + " (R25)");
        }
        if (own.size() > 1) {
            throw new PluginLoadException("provides " + own.size() + " " + TaskPlugin.class.getName() + "s ("
                    + own.stream().map(p -> p.type().getName()).collect(Collectors.joining(", "))
                    + "); a plugin JAR provides exactly one (R25)");
        }
        return own.get(0);
    }
}
