/**
 * The task host: owner-scoped {@link dev.taskhost.api.TaskService}s over a pluggable store.
 * Stores are found through {@link dev.taskhost.core.spi.TaskStoreProvider}.
 */
module dev.taskhost.core {
    requires transitive dev.taskhost.api;
    requires dev.taskhost.schedule;
    requires org.slf4j;
    // JFR events for task runs and claims (dev.taskhost.TaskRun, dev.taskhost.TaskClaim).
    requires jdk.jfr;

    exports dev.taskhost.core;
    exports dev.taskhost.core.spi;

    uses dev.taskhost.core.spi.TaskStoreProvider;
}
