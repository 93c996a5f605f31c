package dev.taskhost.store.sqlite;

import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.testkit.TaskStoreContract;
import java.nio.file.Path;

/** The store contract, on the SQLite store as ServiceLoader makes it: the host's data directory. */
class SqliteTaskStoreContractTest extends TaskStoreContract {

    @Override
    protected TaskStoreProvider provider(Path dataDirectory) {
        return new SqliteTaskStoreProvider();
    }
}
