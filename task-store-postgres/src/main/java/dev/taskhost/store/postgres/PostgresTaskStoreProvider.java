package dev.taskhost.store.postgres;

import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.store.postgres.internal.PgTaskStore;
import dev.taskhost.store.postgres.internal.StoreSettings;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Opens the PostgreSQL store: every owner's queues and tasks in one schema (default
 * {@code taskhost}), which any number of hosts may share at once (R35). Give it the application's
 * own {@link DataSource}, or a JDBC URL for which the store makes its own pool (HikariCP).
 *
 * <p>The schema is versioned; hosts starting at once migrate it once, under an advisory lock, and a
 * schema newer than this code knows is refused and left untouched (R23).
 *
 * <p>Immutable and thread-safe; one provider may open any number of stores.
 */
public final class PostgresTaskStoreProvider implements TaskStoreProvider {

    /** The schema when none is given. */
    public static final String DEFAULT_SCHEMA = "taskhost";

    /** The size of the store's own pool when none is given. */
    public static final int DEFAULT_POOL_SIZE = 10;

    /** What a schema name may be: a plain lower-case identifier that fits in a channel name. */
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,47}");

    private final Optional<DataSource> dataSource;
    private final Optional<String> jdbcUrl;
    private final Optional<String> user;
    private final Optional<String> password;
    private final String schema;
    private final int poolSize;

    /**
     * The provider as {@link java.util.ServiceLoader} makes it, on the module path or the class path:
     * it reads the JDBC URL from the system property {@code taskhost.postgres.url} or the environment
     * variable {@code TASKHOST_POSTGRES_URL}, and the user and password likewise
     * ({@code taskhost.postgres.user}, {@code TASKHOST_POSTGRES_USER}, {@code taskhost.postgres.password},
     * {@code TASKHOST_POSTGRES_PASSWORD}), and the schema and pool size if set
     * ({@code taskhost.postgres.schema}, {@code TASKHOST_POSTGRES_SCHEMA},
     * {@code taskhost.postgres.pool_size}, {@code TASKHOST_POSTGRES_POOL_SIZE}). Code that picks the store itself should use
     * {@link #builder()}.
     */
    public PostgresTaskStoreProvider() {
        this(fromEnvironment());
    }

    private PostgresTaskStoreProvider(Builder builder) {
        this.dataSource = builder.dataSource;
        this.jdbcUrl = builder.jdbcUrl;
        this.user = builder.user;
        this.password = builder.password;
        this.schema = builder.schema;
        this.poolSize = builder.poolSize;
    }

    private static Builder fromEnvironment() {
        Builder builder = builder();
        setting("url").ifPresent(builder::jdbcUrl);
        setting("user").ifPresent(builder::user);
        setting("password").ifPresent(builder::password);
        setting("schema").ifPresent(builder::schema);
        setting("pool_size").ifPresent(size -> builder.poolSize(poolSize(size)));
        return builder;
    }

    private static int poolSize(String setting) {
        try {
            return Integer.parseInt(setting.trim());
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("TASKHOST_POSTGRES_POOL_SIZE (or taskhost.postgres.pool_size) must be "
                    + "a whole number from 1 to 1000, was '" + setting + "'", notANumber);
        }
    }

    private static Optional<String> setting(String name) {
        String value = System.getProperty("taskhost.postgres." + name);
        if (value == null) {
            value = System.getenv("TASKHOST_POSTGRES_" + name.toUpperCase(java.util.Locale.ROOT));
        }
        return Optional.ofNullable(value).filter(v -> !v.isEmpty());
    }

    /** A builder with no database yet, the schema {@value #DEFAULT_SCHEMA} and a pool of {@value #DEFAULT_POOL_SIZE}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns {@code "postgres"}. */
    @Override
    public String name() {
        return "postgres";
    }

    /**
     * Opens the store: makes the pool (for a JDBC URL), creates or migrates the schema, and is ready
     * for owners. The context's data directory is not used.
     *
     * @throws NullPointerException if {@code context} is null
     * @throws TaskStoreException if no database was given, the server cannot be reached, or the
     *     schema is newer than this code
     */
    @Override
    public TaskStore open(StoreContext context) {
        Objects.requireNonNull(context, "context");
        if (dataSource.isEmpty() && jdbcUrl.isEmpty()) {
            throw new TaskStoreException("the PostgreSQL store needs a database: give "
                    + "PostgresTaskStoreProvider.builder() a dataSource(...) or a jdbcUrl(...), or set "
                    + "TASKHOST_POSTGRES_URL");
        }
        return PgTaskStore.open(new StoreSettings(dataSource, jdbcUrl, user, password, schema, poolSize,
                context.readOnly()));
    }

    @Override
    public String toString() {
        return "PostgresTaskStoreProvider[" + dataSource.map(d -> "dataSource=" + d.getClass().getName())
                .or(() -> jdbcUrl.map(url -> "jdbcUrl=" + url.replaceFirst("\\?.*", "")))
                .orElse("no database") + ", schema=" + schema
                + (dataSource.isEmpty() ? ", poolSize=" + poolSize : "") + "]";
    }

    /** Builds a {@link PostgresTaskStoreProvider}. Not thread-safe. */
    public static final class Builder {
        private Optional<DataSource> dataSource = Optional.empty();
        private Optional<String> jdbcUrl = Optional.empty();
        private Optional<String> user = Optional.empty();
        private Optional<String> password = Optional.empty();
        private String schema = DEFAULT_SCHEMA;
        private int poolSize = DEFAULT_POOL_SIZE;

        private Builder() {
        }

        /**
         * The application's own pool; the store takes its connections from it (one of them for as
         * long as the store is open, to listen for other hosts' wake-ups) and never closes it. Set
         * this or {@link #jdbcUrl}, not both.
         *
         * @throws NullPointerException if {@code dataSource} is null
         */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = Optional.of(Objects.requireNonNull(dataSource, "dataSource"));
            return this;
        }

        /**
         * The database, for which the store makes its own pool, such as
         * {@code jdbc:postgresql://db.example:5432/app}.
         *
         * @throws NullPointerException if {@code url} is null
         * @throws IllegalArgumentException if it is not a {@code jdbc:postgresql:} URL
         */
        public Builder jdbcUrl(String url) {
            Objects.requireNonNull(url, "jdbcUrl");
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, was " + url);
            }
            this.jdbcUrl = Optional.of(url);
            return this;
        }

        /**
         * The user the store's own pool connects as; optional.
         *
         * @throws NullPointerException if {@code user} is null
         */
        public Builder user(String user) {
            this.user = Optional.of(Objects.requireNonNull(user, "user"));
            return this;
        }

        /**
         * The password of {@link #user}; optional.
         *
         * @throws NullPointerException if {@code password} is null
         */
        public Builder password(String password) {
            this.password = Optional.of(Objects.requireNonNull(password, "password"));
            return this;
        }

        /**
         * The schema that holds every owner's tables, created when absent; {@value #DEFAULT_SCHEMA}
         * by default.
         *
         * @throws NullPointerException if {@code schema} is null
         * @throws IllegalArgumentException if it is not 1 to 48 of {@code [a-z0-9_]}, starting with a
         *     letter or {@code _}
         */
        public Builder schema(String schema) {
            Objects.requireNonNull(schema, "schema");
            if (!SCHEMA.matcher(schema).matches()) {
                throw new IllegalArgumentException("schema must match " + SCHEMA + ", was '" + schema + "'");
            }
            this.schema = schema;
            return this;
        }

        /**
         * The most connections of the store's own pool, {@value #DEFAULT_POOL_SIZE} by default; the
         * store holds one more, outside the pool, to listen for wake-ups. Ignored with a
         * {@link #dataSource}.
         *
         * @throws IllegalArgumentException if it is below 1 or above 1000
         */
        public Builder poolSize(int size) {
            if (size < 1 || size > 1000) {
                throw new IllegalArgumentException("poolSize must be 1 to 1000, was " + size);
            }
            this.poolSize = size;
            return this;
        }

        /**
         * The provider with these settings.
         *
         * @throws IllegalStateException if both a data source and a JDBC URL were given
         */
        public PostgresTaskStoreProvider build() {
            if (dataSource.isPresent() && jdbcUrl.isPresent()) {
                throw new IllegalStateException("give the PostgreSQL store a dataSource or a jdbcUrl, not both");
            }
            return new PostgresTaskStoreProvider(this);
        }
    }
}
