package dev.taskhost.bench;

import java.util.Objects;
import java.util.Optional;

/**
 * Which PostgreSQL the PostgreSQL scenarios use.
 *
 * @param url a server's JDBC URL; empty for an embedded server that the benchmark starts and stops
 * @param user the user to connect as, with a URL
 * @param password that user's password
 */
record PgTarget(Optional<String> url, String user, String password) {

    /** @throws IllegalArgumentException if the URL is not a {@code jdbc:postgresql:} URL */
    PgTarget {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        url.filter(u -> !u.startsWith("jdbc:postgresql:")).ifPresent(u -> {
            throw new IllegalArgumentException("--pg-url must start with jdbc:postgresql:, was '" + u + "'");
        });
    }

    /** The embedded server. */
    static PgTarget embedded() {
        return new PgTarget(Optional.empty(), "postgres", "");
    }
}
