module probe.staticinit {
    requires dev.taskhost.api;
    provides dev.taskhost.api.plugin.TaskPlugin with probe.staticinit.StaticInitPlugin;
}
