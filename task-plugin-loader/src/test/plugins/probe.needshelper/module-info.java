module probe.needshelper {
    requires dev.taskhost.api;
    requires probe.helper;
    provides dev.taskhost.api.plugin.TaskPlugin with probe.needshelper.NeedsHelperPlugin;
}
