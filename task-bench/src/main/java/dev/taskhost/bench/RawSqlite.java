package dev.taskhost.bench;

import dev.taskhost.store.sqlite.Durability;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.sqlite.SQLiteConfig;

/**
 * Plain JDBC connections to SQLite, set up as the store sets up its own: write-ahead log, the
 * durability's {@code synchronous}, the store's default busy timeout, foreign keys enforced.
 */
final class RawSqlite {

    private RawSqlite() {
    }

    /**
     * Opens {@code file}, creating it when absent, and checks that SQLite took the settings.
     *
     * @throws SQLException if SQLite fails, or runs with other settings than asked
     */
    static Connection open(Path file, Durability durability) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) SqliteTaskStoreProvider.DEFAULT_BUSY_TIMEOUT.toMillis());
        config.enforceForeignKeys(true);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(durability == Durability.FULL
                ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
        Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            require(connection, "journal_mode", "wal");
            // PRAGMA synchronous reads back as a number: 1 is NORMAL, 2 is FULL.
            require(connection, "synchronous", durability == Durability.FULL ? "2" : "1");
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The settings of {@link #open}, in words for the report. */
    static String describe(Durability durability) {
        return "WAL, synchronous=" + durability.name() + ", busy timeout "
                + SqliteTaskStoreProvider.DEFAULT_BUSY_TIMEOUT.toSeconds() + " s";
    }

    /** The value of {@code PRAGMA name}, as text. */
    static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            if (!row.next()) {
                throw new SQLException("PRAGMA " + name + " returned no row");
            }
            return row.getString(1);
        }
    }

    private static void require(Connection connection, String pragma, String expected) throws SQLException {
        String actual = pragma(connection, pragma);
        if (!expected.equalsIgnoreCase(actual)) {
            throw new SQLException("SQLite runs with " + pragma + " = " + actual.toLowerCase(Locale.ROOT)
                    + ", the benchmark asked for " + expected);
        }
    }
}
