/** The scheduler and owner bookkeeping behind {@link dev.taskhost.core.TaskHost}. Not exported. */
package dev.taskhost.core.internal;
