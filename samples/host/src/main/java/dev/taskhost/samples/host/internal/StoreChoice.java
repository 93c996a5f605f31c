package dev.taskhost.samples.host.internal;

import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.store.postgres.PostgresTaskStoreProvider;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which store a command opens: the SQLite store of a data directory, or a PostgreSQL server. Both
 * stores are on the module path, so the store is always picked explicitly, never by ServiceLoader.
 *
 * @param provider the store's provider
 * @param dataDirectory the data directory the provider is opened on, for the SQLite store
 * @param where the store in words, for messages ("./data", "PostgreSQL at jdbc:postgresql://…")
 */
public record StoreChoice(TaskStoreProvider provider, Optional<Path> dataDirectory, String where) {

    /** @throws NullPointerException if a component is null */
    public StoreChoice {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(where, "where");
    }

    /** The SQLite store: one database per owner under {@code directory}. */
    public static StoreChoice sqlite(Path directory) {
        return new StoreChoice(SqliteTaskStoreProvider.builder().dataDirectory(directory).build(),
                Optional.of(directory), directory.toString());
    }

    /**
     * The PostgreSQL store on the server at {@code jdbcUrl}, with a pool of its own of at most
     * {@code poolSize} connections; the user and password may also be in the URL
     * ({@code ?user=…&password=…}).
     *
     * @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL
     */
    public static StoreChoice postgres(String jdbcUrl, Optional<String> user, Optional<String> password, int poolSize) {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("--postgres needs a JDBC URL such as jdbc:postgresql://localhost:5432/app, "
                    + "was '" + jdbcUrl + "'");
        }
        PostgresTaskStoreProvider.Builder builder = PostgresTaskStoreProvider.builder().jdbcUrl(jdbcUrl).poolSize(poolSize);
        user.ifPresent(builder::user);
        password.ifPresent(builder::password);
        return new StoreChoice(builder.build(), Optional.empty(), "PostgreSQL at " + withoutPassword(jdbcUrl));
    }

    /** The URL as it may be shown: a {@code password} parameter's value hidden. */
    static String withoutPassword(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
    }
}
