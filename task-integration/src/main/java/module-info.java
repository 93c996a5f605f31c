/** Entry points of the child JVMs that the integration tests start and kill. */
module dev.taskhost.integration {
    requires dev.taskhost.core;
    // Found through ServiceLoader by TaskHost.builder().dataDirectory(...).
    requires dev.taskhost.store.sqlite;

    exports dev.taskhost.integration;
}
