package dev.taskhost.store.postgres;

import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.testkit.TaskStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;

/** The store contract on PostgreSQL: each test on a schema of its own, dropped afterwards. */
class PostgresTaskStoreContractTest extends TaskStoreContract {
    private String schema;

    @Override
    protected TaskStoreProvider provider(Path dataDirectory) {
        schema = TestDatabase.freshSchema();
        return TestDatabase.get().provider(schema);
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            TestDatabase.get().drop(schema);
        }
    }
}
