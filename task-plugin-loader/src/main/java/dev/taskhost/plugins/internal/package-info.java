/** How {@link dev.taskhost.plugins.PluginHost} reads, isolates, starts and stops plugin JARs. Not exported. */
package dev.taskhost.plugins.internal;
