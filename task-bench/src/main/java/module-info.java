/**
 * A benchmark of the real host on SQLite, printed beside the raw-SQLite limit that the same harness
 * measures in the same run on the same file system. An application: it exports nothing. Its entry
 * point is {@code dev.taskhost.bench.Bench}.
 */
module dev.taskhost.bench {
    requires dev.taskhost.core;
    requires dev.taskhost.store.sqlite;
    requires org.xerial.sqlitejdbc;
    requires java.sql;
    requires java.management;
}
