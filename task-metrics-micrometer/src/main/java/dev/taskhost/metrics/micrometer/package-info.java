/** Micrometer meters for a task host: {@link dev.taskhost.metrics.micrometer.TaskHostMetrics}. */
package dev.taskhost.metrics.micrometer;
