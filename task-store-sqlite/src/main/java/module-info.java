/**
 * The embedded default store: one SQLite database per owner under the data directory, through Jdbi.
 * Provides {@link dev.taskhost.core.spi.TaskStoreProvider} as
 * {@link dev.taskhost.store.sqlite.SqliteTaskStoreProvider}.
 */
// Jdbi ships automatic modules only; this is the one module that requires them.
@SuppressWarnings("requires-automatic")
module dev.taskhost.store.sqlite {
    requires transitive dev.taskhost.core;
    requires org.jdbi.v3.core;
    requires org.jdbi.v3.sqlobject;
    // Jdbi needs it at run time, but as an automatic module it cannot make the module system resolve it.
    requires io.leangen.geantyref;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;
    requires java.sql;

    exports dev.taskhost.store.sqlite;
    // Jdbi reads the records that the SqlObject DAOs bind (@BindMethods) by reflection. The DAOs'
    // proxies need nothing: their interfaces are package-private, so each proxy class is made here.
    opens dev.taskhost.store.sqlite.internal to org.jdbi.v3.core;

    provides dev.taskhost.core.spi.TaskStoreProvider with dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
}
