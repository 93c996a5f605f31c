package dev.taskhost.store.postgres;

import dev.taskhost.core.spi.TaskStoreProvider;
import java.sql.Connection;
import java.sql.SQLException;

/** The test server for tests in the store's internal package, which cannot see {@link TestDatabase}. */
public final class TestServer {

    private TestServer() {
    }

    public static String freshSchema() {
        return TestDatabase.freshSchema();
    }

    public static TaskStoreProvider provider(String schema) {
        return TestDatabase.get().provider(schema);
    }

    public static Connection connect() throws SQLException {
        return TestDatabase.get().connect();
    }

    public static void drop(String schema) {
        TestDatabase.get().drop(schema);
    }
}
