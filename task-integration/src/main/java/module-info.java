/** Entry points of the child JVMs that the integration tests start and kill. */
module dev.taskhost.integration {
    requires dev.taskhost.core;
    requires dev.taskhost.store.sqlite;
    requires org.slf4j;

    exports dev.taskhost.integration;
}
