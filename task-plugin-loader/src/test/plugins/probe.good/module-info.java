module probe.good {
    requires dev.taskhost.api;
    provides dev.taskhost.api.plugin.TaskPlugin with probe.good.GoodPlugin;
}
