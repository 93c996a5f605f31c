/** The operator console: {@link dev.taskhost.console.TaskConsole}. */
package dev.taskhost.console;
