package dev.taskhost.plugins;

/** Where a plugin JAR stands in its {@link PluginHost}. */
public enum PluginState {
    /** Loaded, and its {@code start} returned normally. */
    STARTED,
    /**
     * Not running: the JAR, its manifest or its module was rejected, or its {@code start} threw
     * (R26, R28). {@link LoadedPlugin#error()} says why.
     */
    FAILED,
    /** Was started; the host has since closed it: {@code stop} was called and its queues stopped. */
    STOPPED
}
