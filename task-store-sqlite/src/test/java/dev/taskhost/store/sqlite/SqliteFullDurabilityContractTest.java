package dev.taskhost.store.sqlite;

import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.testkit.TaskStoreContract;
import java.nio.file.Path;

/** The store contract with {@link Durability#FULL} and the directory given to the builder. */
class SqliteFullDurabilityContractTest extends TaskStoreContract {

    @Override
    protected TaskStoreProvider provider(Path dataDirectory) {
        return SqliteTaskStoreProvider.builder().dataDirectory(dataDirectory).durability(Durability.FULL).build();
    }
}
