/**
 * The runnable sample host behind {@code ./taskhost}: {@code demo} runs the plugin JARs of a
 * directory on a {@link dev.taskhost.core.TaskHost} with live progress, and {@code inspect} reads
 * the owners, queues and tasks of a data directory, and {@code console} serves a read-only console
 * over one. An application: it exports nothing.
 */
module dev.taskhost.samples.host {
    requires dev.taskhost.plugins;
    requires dev.taskhost.console;
    // The embedded default store, found by ServiceLoader through the data directory.
    requires dev.taskhost.store.sqlite;
    requires info.picocli;
    requires org.slf4j;
    requires ch.qos.logback.classic;
    requires ch.qos.logback.core;

    uses dev.taskhost.core.spi.TaskStoreProvider;

    // picocli fills the commands' annotated fields by reflection.
    opens dev.taskhost.samples.host to info.picocli;
    // logback.xml names a converter of this package, which logback creates by reflection.
    opens dev.taskhost.samples.host.internal to ch.qos.logback.core;
}
