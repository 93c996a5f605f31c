package dev.taskhost.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw limit is only a fair limit while raw SQLite writes the store's rows into the store's
 * indexes: these tests fail when the store's schema moves away from the benchmark's copy.
 */
class RawSchemaTest {

    @Test
    @DisplayName("issue 4: the raw limit's tables, columns and indexes are the store's")
    void rawTablesAreTheStores(@TempDir Path temp) throws Exception {
        Path storeData = temp.resolve("store");
        try (TaskHost host = Hosts.open(storeData, Durability.NORMAL)) {
            TaskService service = host.service(Hosts.OWNER, 1, task -> "");
            service.createQueue("q", Hosts.HOLDING);
        }
        try (Connection store = RawSqlite.open(StoreLayout.databaseFile(storeData), Durability.NORMAL);
             Connection raw = RawSqlite.open(temp.resolve("raw.db"), Durability.NORMAL)) {
            RawSchema.create(raw, RawLimit.QUEUE);
            assertEquals(shape(store), shape(raw));
            assertEquals(RawSchema.TASK_COLUMNS, RawSchema.taskColumns(store));
        }
    }

    @Test
    @DisplayName("issue 4: raw rows go only into a store file whose schema the benchmark knows")
    void storeFileIsRecognised(@TempDir Path temp) throws Exception {
        assertTrue(StoreLayout.whyNotRaw(temp, Durability.NORMAL).orElseThrow().contains("keeps no file"));
        try (TaskHost host = Hosts.open(temp, Durability.NORMAL)) {
            host.service(Hosts.OWNER, 1, task -> "").createQueue("q", Hosts.HOLDING);
        }
        assertEquals(Optional.empty(), StoreLayout.whyNotRaw(temp, Durability.NORMAL));
        try (Connection store = RawSqlite.open(StoreLayout.databaseFile(temp), Durability.NORMAL)) {
            assertEquals(String.valueOf(StoreLayout.SCHEMA_VERSION), RawSqlite.pragma(store, "user_version"));
        }
    }

    @Test
    @DisplayName("issue 14: rows seeded through raw JDBC are tasks the host runs, in enqueue order")
    void seededRowsRun(@TempDir Path temp) throws Exception {
        BacklogSeeder.Method method = BacklogSeeder.seed(temp, Durability.NORMAL, Map.of("q", 5),
                new Progress(new PrintStream(OutputStream.nullOutputStream())));
        assertEquals(BacklogSeeder.Method.RAW_JDBC, method);
        List<Long> order = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(5);
        try (TaskHost host = Hosts.open(temp, Durability.NORMAL)) {
            TaskService service = host.service(Hosts.OWNER, 1, task -> {
                order.add(Payloads.index(task.payload()));
                done.countDown();
                return "";
            });
            service.createQueue("q", Hosts.running(1));
            assertTrue(done.await(30, TimeUnit.SECONDS), "the seeded tasks ran: " + order);
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), order);
    }

    /** Every table's and index's columns, with their types, constraints and index order. */
    private static List<String> shape(Connection connection) throws SQLException {
        List<String> shape = new ArrayList<>();
        for (String table : List.of("queues", "tasks")) {
            for (String column : query(connection, "PRAGMA table_info(" + table + ")", "name", "type", "notnull", "dflt_value",
                    "pk")) {
                shape.add(table + ": " + column);
            }
            for (String index : query(connection, "PRAGMA index_list(" + table + ")", "name", "unique", "partial")) {
                String name = index.substring(0, index.indexOf(' '));
                shape.add(table + " index " + index + " on "
                        + query(connection, "PRAGMA index_info(" + name + ")", "seqno", "name"));
            }
        }
        // Every table of the store's own (the seq floor among them), and whether one counts with AUTOINCREMENT.
        for (String table : query(connection, "SELECT name, instr(sql, 'AUTOINCREMENT') > 0 AS counter FROM "
                + "sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name", "name", "counter")) {
            shape.add("table " + table);
        }
        // The indexes' own text, so that a partial index's WHERE clause is compared too.
        for (String sql : query(connection, "SELECT sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL",
                "sql")) {
            shape.add("index sql: " + sql.replaceAll("\\s+", " "));
        }
        return shape;
    }

    private static List<String> query(Connection connection, String sql, String... columns) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                List<String> values = new ArrayList<>();
                for (String column : columns) {
                    values.add(row.getString(column));
                }
                rows.add(String.join(" ", values));
            }
        }
        rows.sort(null);
        return rows;
    }
}
