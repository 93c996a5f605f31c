/** Entry points of the child JVMs that the integration tests start and kill. */
module dev.taskhost.integration {
    requires dev.taskhost.core;
    // Found through ServiceLoader by TaskHost.builder().dataDirectory(...).
    requires dev.taskhost.store.sqlite;
    // The reliability suites (test sources, patched into this module) read each tasks.db over plain
    // JDBC to check it (PRAGMA integrity_check) and to see which tasks a killed host left running.
    requires static java.sql;
    // The JFR test (test sources) records the host's events and reads them back.
    requires static jdk.jfr;

    exports dev.taskhost.integration;
}
