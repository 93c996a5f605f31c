package dev.taskhost.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Looks into task databases over plain JDBC, beside the store, read-only: after a kill, the file is
 * seen as the next host will find it, and nothing here checkpoints or rewrites it. One fixture method
 * writes, and says so.
 */
final class SqliteProbe {
    /** SQLite's {@code SQLITE_OPEN_READONLY}. */
    private static final String READ_ONLY = "1";

    private SqliteProbe() {
    }

    /** Every owner's {@code tasks.db} under the data directory. */
    static List<Path> databases(Path dataDirectory) throws IOException {
        try (Stream<Path> files = Files.walk(dataDirectory, 2)) {
            return files.filter(file -> file.getFileName().toString().equals("tasks.db")).sorted().toList();
        }
    }

    /** What {@code PRAGMA integrity_check} says: {@code "ok"} for a sound database. */
    static String integrityCheck(Path database) throws SQLException {
        try (Connection connection = open(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            List<String> lines = new ArrayList<>();
            while (rows.next()) {
                lines.add(rows.getString(1));
            }
            return String.join("\n", lines);
        }
    }

    /** The tasks stored as running, with the attempt each is on. */
    static Map<String, Integer> running(Path database) throws SQLException {
        try (Connection connection = open(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, attempt FROM tasks WHERE status = 'RUNNING'")) {
            Map<String, Integer> running = new HashMap<>();
            while (rows.next()) {
                running.put(rows.getString(1), rows.getInt(2));
            }
            return running;
        }
    }

    /** Every task's payload, by id, in enqueue order. */
    static Map<String, byte[]> payloads(Path database) throws SQLException {
        try (Connection connection = open(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, payload FROM tasks ORDER BY seq")) {
            Map<String, byte[]> payloads = new LinkedHashMap<>();
            while (rows.next()) {
                byte[] payload = rows.getBytes(2);
                payloads.put(rows.getString(1), payload == null ? new byte[0] : payload);
            }
            return payloads;
        }
    }

    /** The schema version written in the file. */
    static int userVersion(Path database) throws SQLException {
        try (Connection connection = open(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.getInt(1);
        }
    }

    /** Writes the schema version into the file, as a newer taskhost would: for fixtures only. */
    static void setUserVersion(Path database, int version) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + version);
        }
    }

    private static Connection open(Path database) throws SQLException {
        Properties settings = new Properties();
        settings.setProperty("open_mode", READ_ONLY);
        return DriverManager.getConnection("jdbc:sqlite:" + database.toAbsolutePath(), settings);
    }
}
