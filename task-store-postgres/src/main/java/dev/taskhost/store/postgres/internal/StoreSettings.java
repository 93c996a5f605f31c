package dev.taskhost.store.postgres.internal;

import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * What the provider was told: the database (a data source, or a URL with its credentials), the
 * schema, the size of the store's own pool, and whether to open for reading only.
 */
public record StoreSettings(Optional<DataSource> dataSource, Optional<String> jdbcUrl, Optional<String> user,
                            Optional<String> password, String schema, int poolSize, boolean readOnly) {

    /** @throws NullPointerException if a component is null */
    public StoreSettings {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(schema, "schema");
    }

    /** The URL without its query, for messages: it may hold a password. */
    String where() {
        return "PostgreSQL store (schema " + schema + ", "
                + jdbcUrl.map(url -> url.replaceFirst("\\?.*", "")).orElse("the application's data source") + ")";
    }
}
