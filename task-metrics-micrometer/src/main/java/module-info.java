/**
 * Micrometer meters for a task host: {@link dev.taskhost.metrics.micrometer.TaskHostMetrics}, a
 * {@link dev.taskhost.core.TaskListener} that counts and times what the host does.
 */
// Micrometer ships an automatic module (micrometer.core) only; its MeterRegistry is in this
// module's API, so it is required transitively.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.taskhost.metrics.micrometer {
    requires transitive dev.taskhost.core;
    requires transitive micrometer.core;

    exports dev.taskhost.metrics.micrometer;
}
