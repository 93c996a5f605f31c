package dev.taskhost.store.sqlite.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteConfig;

/** Plain JDBC on a database file, beside the store: to build fixtures and to look at what it wrote. */
final class RawSqlite {

    private RawSqlite() {
    }

    static Connection open(Path file) throws SQLException {
        return new SQLiteConfig().createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** Runs the statements on the file in one connection, then closes it. */
    static void execute(Path file, String... statements) throws Exception {
        Files.createDirectories(file.getParent());
        try (Connection connection = open(file); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of the first row. */
    static String queryOne(Path file, String sql) throws SQLException {
        try (Connection connection = open(file)) {
            return queryOne(connection, sql);
        }
    }

    static String queryOne(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            if (!row.next()) {
                throw new AssertionError("no row for " + sql);
            }
            return row.getString(1);
        }
    }

    /** The files SQLite keeps beside a database while it is open. */
    static List<Path> companions(Path file) {
        return List.of("-wal", "-shm", "-journal").stream()
                .map(suffix -> file.resolveSibling(file.getFileName() + suffix))
                .toList();
    }
}
