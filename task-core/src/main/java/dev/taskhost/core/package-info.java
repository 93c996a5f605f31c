/** The task host: {@link dev.taskhost.core.TaskHost} and its builder. */
package dev.taskhost.core;
