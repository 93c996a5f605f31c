module probe.reload {
    requires dev.taskhost.api;
    requires java.sql;
    provides dev.taskhost.api.plugin.TaskPlugin with probe.reload.ReloadablePlugin;
}
