package probe.reflect;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.module.ModuleReader;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Tries every way into two internal classes of the host: the class behind its task service, and a
 * class of task-core's internal package, found by listing task-core's module. Reports how each
 * attempt ended.
 */
public final class ReflectingPlugin implements TaskPlugin {

    @Override
    public void start(PluginContext context) throws IOException {
        TaskService service = context.taskService(task -> "done");
        probe(context, "service", service.getClass());
        Report.put(context, "service.invoke",
                Report.attempt(() -> service.getClass().getMethod("get", String.class).invoke(service, "x")));
        probe(context, "core", coreInternalClass());
    }

    private void probe(PluginContext context, String name, Class<?> target) {
        Module host = target.getModule();
        Module self = getClass().getModule();
        String pkg = target.getPackageName();
        Constructor<?> constructor = target.getDeclaredConstructors()[0];
        Report.put(context, name + ".class", host.getName() + "/" + target.getName());
        Report.put(context, name + ".exported", String.valueOf(host.isExported(pkg, self)));
        Report.put(context, name + ".open", String.valueOf(host.isOpen(pkg, self)));
        Report.put(context, name + ".setAccessible", Report.attempt(() -> constructor.setAccessible(true)));
        Report.put(context, name + ".newInstance",
                Report.attempt(() -> constructor.newInstance(new Object[constructor.getParameterCount()])));
        Report.put(context, name + ".privateLookupIn",
                Report.attempt(() -> MethodHandles.privateLookupIn(target, MethodHandles.lookup())));
        Report.put(context, name + ".addOpens", Report.attempt(() -> host.addOpens(pkg, self)));
    }

    /** A class (not an interface) of dev.taskhost.core's internal package. */
    private Class<?> coreInternalClass() throws IOException {
        ModuleLayer layer = getClass().getModule().getLayer();
        Module core = layer.findModule("dev.taskhost.core").orElseThrow();
        List<String> names;
        try (ModuleReader reader = layer.configuration().findModule("dev.taskhost.core").orElseThrow()
                .reference().open()) {
            names = reader.list()
                    .filter(n -> n.startsWith("dev/taskhost/core/internal/") && n.endsWith(".class"))
                    .filter(n -> !n.contains("$") && !n.endsWith("package-info.class"))
                    .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                    .sorted()
                    .collect(Collectors.toList());
        }
        return names.stream().map(n -> Class.forName(core, n)).filter(c -> c != null && !c.isInterface())
                .findFirst().orElseThrow(() -> new IllegalStateException("no class in dev.taskhost.core.internal"));
    }
}
