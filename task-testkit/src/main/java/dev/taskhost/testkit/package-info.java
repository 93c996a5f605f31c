/**
 * Test support for taskhost: {@link dev.taskhost.testkit.FakeTaskService}, a deterministic in-memory
 * task service driven by a {@link dev.taskhost.testkit.ManualClock}, and
 * {@link dev.taskhost.testkit.TaskServiceContract}, the behaviour every task service must show.
 */
package dev.taskhost.testkit;
