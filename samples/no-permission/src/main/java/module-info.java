/**
 * Sample plugin that shows the refusal: its manifest asks for no permission, yet its start asks
 * for a task service, so the host refuses it and marks this plugin alone as failed (R27, R28).
 */
module dev.taskhost.samples.nopermission {
    requires dev.taskhost.api;

    provides dev.taskhost.api.plugin.TaskPlugin with dev.taskhost.samples.nopermission.NoPermissionPlugin;
}
