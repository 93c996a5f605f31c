/**
 * The public contract of taskhost: what host applications and plugins compile against.
 * Depends on nothing but {@code java.base}.
 */
module dev.taskhost.api {
    exports dev.taskhost.api;
    exports dev.taskhost.api.plugin;
}
