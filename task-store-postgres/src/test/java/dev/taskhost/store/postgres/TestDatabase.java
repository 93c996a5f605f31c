package dev.taskhost.store.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The PostgreSQL server the tests run on: the one named by {@code TASKHOST_POSTGRES_URL} (with
 * {@code TASKHOST_POSTGRES_USER} and {@code TASKHOST_POSTGRES_PASSWORD}), or else an embedded
 * PostgreSQL 17 that the first test starts and the JVM's exit stops. Each test gets schemas of its
 * own, dropped when it ends, so tests never see each other's data.
 *
 * <p>PostgreSQL refuses to run as root. As root, the embedded server's {@code initdb} and
 * {@code postgres} run in a user namespace of their own ({@code unshare -U}, which the embedded
 * server library uses by itself when it finds it works), where they are not root.
 */
final class TestDatabase {
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private static TestDatabase instance;

    private final Optional<EmbeddedPostgres> embedded;
    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(Optional<EmbeddedPostgres> embedded, String url, String user, String password) {
        this.embedded = embedded;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The server, started on first use. */
    static synchronized TestDatabase get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    private static TestDatabase start() {
        String external = System.getenv("TASKHOST_POSTGRES_URL");
        if (external != null && !external.isEmpty()) {
            return new TestDatabase(Optional.empty(), external,
                    Optional.ofNullable(System.getenv("TASKHOST_POSTGRES_USER")).orElse("postgres"),
                    Optional.ofNullable(System.getenv("TASKHOST_POSTGRES_PASSWORD")).orElse(""));
        }
        try {
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .start();
            return new TestDatabase(Optional.of(server), server.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
        } catch (IllegalStateException e) {
            String uid = System.getProperty("user.name", "").toLowerCase(Locale.ROOT);
            throw new IllegalStateException("cannot start the embedded PostgreSQL (running as '" + uid
                    + "'; as root it needs 'unshare -U' to work, or set TASKHOST_POSTGRES_URL)", e);
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

    /** A schema name no other test uses. */
    static String freshSchema() {
        return "t" + SCHEMAS.incrementAndGet() + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A provider on a schema of its own, with the store's own pool. */
    PostgresTaskStoreProvider provider(String schema) {
        return PostgresTaskStoreProvider.builder().jdbcUrl(url).user(user).password(password)
                .schema(schema).poolSize(4).build();
    }

    /** Runs SQL as the test's superuser, outside any store. */
    void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** Drops the schema and all in it. */
    void drop(String schema) {
        execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }

    boolean embedded() {
        return embedded.isPresent();
    }
}
