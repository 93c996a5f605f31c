/**
 * Loads plugin JARs from a directory, each in its own module layer over the layer that holds
 * {@code dev.taskhost.api}, and hands every plugin the task service its manifest permits.
 */
module dev.taskhost.plugins {
    requires transitive dev.taskhost.core;
    requires org.slf4j;

    exports dev.taskhost.plugins;

    uses dev.taskhost.api.plugin.TaskPlugin;
}
