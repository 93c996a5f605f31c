module probe.reflect {
    requires dev.taskhost.api;
    provides dev.taskhost.api.plugin.TaskPlugin with probe.reflect.ReflectingPlugin;
}
