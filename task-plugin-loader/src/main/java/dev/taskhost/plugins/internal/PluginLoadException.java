package dev.taskhost.plugins.internal;

/** Why one plugin JAR could not be loaded; its message completes "plugin JAR 'x.jar': ...". */
final class PluginLoadException extends Exception {
    private static final long serialVersionUID = 1L;

    PluginLoadException(String message) {
        super(message);
    }

    PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
