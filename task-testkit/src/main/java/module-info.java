/**
 * For tests: {@link dev.taskhost.testkit.FakeTaskService}, a deterministic in-memory task service on
 * a manual clock, {@link dev.taskhost.testkit.TestPluginContext} for plugins' tests, and the
 * contract tests every task service and store must pass. Only the contract classes need JUnit
 * Jupiter, so it is a static (optional) dependency: plugin authors bring their own JUnit, or none.
 */
module dev.taskhost.testkit {
    requires transitive dev.taskhost.api;
    requires dev.taskhost.schedule;
    requires static dev.taskhost.core;
    requires static transitive org.junit.jupiter.api;

    exports dev.taskhost.testkit;
}
