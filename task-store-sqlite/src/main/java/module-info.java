/** The embedded default store: one SQLite database per owner under the data directory. */
@SuppressWarnings("requires-automatic")
module dev.taskhost.store.sqlite {
    requires dev.taskhost.core;
    requires org.jdbi.v3.core;
    requires org.jdbi.v3.sqlobject;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;
    requires java.sql;

    exports dev.taskhost.store.sqlite;

    provides dev.taskhost.core.spi.TaskStoreProvider with dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
}
