/** What a plugin JAR implements ({@link dev.taskhost.api.plugin.TaskPlugin}) and what it is handed. */
package dev.taskhost.api.plugin;
