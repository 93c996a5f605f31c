/**
 * Sample plugin: scans the folders of a simulated media library, one long task per folder, each
 * reporting its progress (a percentage and the file it is at) as it goes. Exports nothing: the host
 * finds the plugin through the service it provides.
 */
module dev.taskhost.samples.libraryscan {
    requires dev.taskhost.api;

    provides dev.taskhost.api.plugin.TaskPlugin with dev.taskhost.samples.libraryscan.LibraryScanPlugin;
}
