/**
 * For tests: {@link dev.taskhost.testkit.FakeTaskService}, a deterministic in-memory task service on
 * a manual clock, and the contract tests every task service and store must pass.
 */
module dev.taskhost.testkit {
    requires transitive dev.taskhost.api;
    requires static dev.taskhost.core;
    requires transitive org.junit.jupiter.api;

    exports dev.taskhost.testkit;
}
