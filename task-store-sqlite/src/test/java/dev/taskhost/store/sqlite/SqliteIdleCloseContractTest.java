package dev.taskhost.store.sqlite;

import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.testkit.TaskStoreContract;
import java.nio.file.Path;
import java.time.Duration;

/** The store contract with owner databases closed after 1 ms unused, so that most calls reopen one. */
class SqliteIdleCloseContractTest extends TaskStoreContract {

    @Override
    protected TaskStoreProvider provider(Path dataDirectory) {
        return SqliteTaskStoreProvider.builder().idleClose(Duration.ofMillis(1)).build();
    }
}
