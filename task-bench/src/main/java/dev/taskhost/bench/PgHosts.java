package dev.taskhost.bench;

import dev.taskhost.core.TaskHost;
import dev.taskhost.store.postgres.PostgresTaskStoreProvider;

/** How the benchmark builds its hosts on PostgreSQL: the real host on the PostgreSQL store, with its default pool. */
final class PgHosts {

    private PgHosts() {
    }

    /** A host on the PostgreSQL store in {@code schema} of {@code server}, picked explicitly. */
    static TaskHost open(PgServer server, String schema) {
        return TaskHost.builder()
                .store(PostgresTaskStoreProvider.builder()
                        .jdbcUrl(server.url()).user(server.user()).password(server.password())
                        .schema(schema)
                        .build())
                .build();
    }

    /** The store's pool, in words for the report. */
    static String describe() {
        return "task-store-postgres with its own HikariCP pool of " + PostgresTaskStoreProvider.DEFAULT_POOL_SIZE
                + " (the default) and one listening connection; a schema of its own per scenario";
    }
}
