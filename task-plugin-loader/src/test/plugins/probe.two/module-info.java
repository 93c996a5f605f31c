module probe.two {
    requires dev.taskhost.api;
    provides dev.taskhost.api.plugin.TaskPlugin with probe.two.First, probe.two.Second;
}
