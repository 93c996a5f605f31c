/**
 * Loads plugin JARs into their own module layers and hands each plugin the task service its
 * manifest permits: start with {@link dev.taskhost.plugins.PluginHost#builder()}.
 */
package dev.taskhost.plugins;
