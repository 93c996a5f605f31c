/**
 * The store for many hosts: every owner's queues and tasks in one PostgreSQL schema, claims that
 * hold each queue's limits across hosts, leases stamped on the database's clock, and wake-ups
 * through {@code LISTEN/NOTIFY}. Provides {@link dev.taskhost.core.spi.TaskStoreProvider} as
 * {@link dev.taskhost.store.postgres.PostgresTaskStoreProvider}.
 */
// Jdbi and the PostgreSQL driver ship automatic modules only; this is the one module that requires them.
@SuppressWarnings("requires-automatic")
module dev.taskhost.store.postgres {
    requires transitive dev.taskhost.core;
    requires transitive java.sql;
    requires org.jdbi.v3.core;
    requires org.jdbi.v3.sqlobject;
    // Jdbi needs it at run time, but as an automatic module it cannot make the module system resolve it.
    requires io.leangen.geantyref;
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    exports dev.taskhost.store.postgres;
    // Jdbi reads the records that the SqlObject DAOs bind (@BindMethods) by reflection. The DAOs'
    // proxies need nothing: their interfaces are package-private, so each proxy class is made here.
    opens dev.taskhost.store.postgres.internal to org.jdbi.v3.core;

    provides dev.taskhost.core.spi.TaskStoreProvider with dev.taskhost.store.postgres.PostgresTaskStoreProvider;
}
