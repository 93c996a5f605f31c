package dev.taskhost.integration;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Another process holding SQLite's write lock on a database: it opens the file over plain JDBC,
 * runs {@code BEGIN IMMEDIATE}, prints {@code locked}, and holds the lock until its standard input
 * closes (or it is killed); then it rolls back and exits.
 *
 * <p>Usage: {@code WriteLockChild <databaseFile>}.
 */
public final class WriteLockChild {
    private WriteLockChild() {
    }

    /**
     * Holds the lock.
     *
     * @throws Exception if the database cannot be locked
     */
    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            out.println("locked");
            out.flush();
            while (System.in.read() >= 0) {
                // Holds until the parent closes the pipe.
            }
            statement.execute("ROLLBACK");
        }
    }
}
