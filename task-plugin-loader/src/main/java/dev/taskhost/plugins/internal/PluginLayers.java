package dev.taskhost.plugins.internal;

import dev.taskhost.api.plugin.TaskPlugin;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Path;
import java.util.Set;

/** Puts each plugin JAR in its own module layer over the layer that holds {@code dev.taskhost.api} (R25). */
public final class PluginLayers {

    private PluginLayers() {
    }

    /**
     * The layer that holds {@code dev.taskhost.api}: the parent of every plugin layer. That is the
     * boot layer when taskhost runs on the module path.
     *
     * @throws IllegalStateException if task-api is not a named module of a layer (it sits on the
     *     class path)
     */
    public static ModuleLayer apiLayer() {
        Module api = TaskPlugin.class.getModule();
        ModuleLayer layer = api.getLayer();
        if (!api.isNamed() || layer == null) {
            throw new IllegalStateException("plugins need dev.taskhost.api as a named module in a module layer, "
                    + "but it was loaded as " + api + ": put task-api on the module path (an application on the "
                    + "class path adds --module-path <task-api.jar> --add-modules dev.taskhost.api) (R25)");
        }
        return layer;
    }

    /**
     * Resolves the JAR as one module (explicit, with its {@code module-info.class}, or automatic)
     * and defines it in a new layer over {@code parent}, with a class loader of its own. Reads the
     * module's descriptor but loads none of its classes.
     *
     * @throws PluginLoadException if the JAR is not a valid module or does not resolve
     */
    static ModuleLayer define(Path jar, ModuleLayer parent) throws PluginLoadException {
        ModuleFinder finder = ModuleFinder.of(jar);
        String moduleName;
        try {
            // ModuleFinder.of on one JAR finds exactly one module, or throws.
            ModuleReference module = finder.findAll().iterator().next();
            moduleName = module.descriptor().name();
        } catch (FindException e) {
            throw new PluginLoadException("is not a valid module (without a module-info.class, its module name "
                    + "comes from its Automatic-Module-Name manifest attribute, else from its file name): "
                    + Failures.describe(e), e);
        }
        try {
            Configuration configuration = parent.configuration().resolve(finder, ModuleFinder.of(), Set.of(moduleName));
            // The platform loader as parent: a plugin sees the JDK, and the modules it reads, not the class path.
            return parent.defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException e) {
            throw new PluginLoadException("module '" + moduleName + "' does not resolve over the layer of "
                    + "dev.taskhost.api: " + Failures.describe(e), e);
        }
    }
}
