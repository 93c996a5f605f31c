package dev.taskhost.store.postgres.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.store.postgres.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The dispatch statements read {@code tasks} through indexes only, in the generic plan a prepared
 * statement gets after a few runs as in a custom one: on a table full of finished tasks, a scan of the
 * whole table made every dispatch cost in proportion to them.
 */
class ClaimPlanTest {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("ids", "text[]"), Map.entry("attempts", "integer[]"), Map.entry("statuses", "text[]"),
            Map.entry("messages", "text[]"), Map.entry("nexts", "integer[]"), Map.entry("readys", "bigint[]"),
            Map.entry("ats", "bigint[]"), Map.entry("owner", "text"), Map.entry("queue", "text"),
            Map.entry("now", "bigint"), Map.entry("delay", "bigint"), Map.entry("max", "integer"),
            Map.entry("concurrency", "integer"), Map.entry("holder", "text"), Map.entry("leaseMs", "bigint"),
            Map.entry("channel", "text"), Map.entry("note", "text"), Map.entry("notePrefix", "text"));
    private static final Map<String, String> VALUES = Map.ofEntries(
            Map.entry("ids", "'{a}'"), Map.entry("attempts", "'{1}'"), Map.entry("statuses", "'{COMPLETED}'"),
            Map.entry("messages", "'{\"\"}'"), Map.entry("nexts", "'{1}'"), Map.entry("readys", "'{1}'"),
            Map.entry("ats", "'{1}'"), Map.entry("owner", "'alpha'"), Map.entry("queue", "'q'"),
            Map.entry("now", "9000000000000"), Map.entry("delay", "0"), Map.entry("max", "4"),
            Map.entry("concurrency", "4"), Map.entry("holder", "'h'"), Map.entry("leaseMs", "30000"),
            Map.entry("channel", "'c'"), Map.entry("note", "'n'"), Map.entry("notePrefix", "'p'"));

    private final String schema = TestServer.freshSchema();

    @AfterEach
    void dropSchema() {
        TestServer.drop(schema);
    }

    @Test
    @DisplayName("R42 the claim with outcomes, and the wake-up check, read tasks by index on a table of 30,000 finished tasks")
    void dispatchReadsTasksByIndexOnly() throws Exception {
        try (TaskStore store = TestServer.provider(schema).open(new StoreContext(Optional.empty()))) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), Instant.EPOCH);
        }
        String s = Schema.quoted(schema);
        try (Connection connection = TestServer.connect(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO " + s + ".tasks (id, owner, queue, status, payload, created_at, updated_at, "
                    + "ready_at, ended_at) SELECT 'done-' || i, 'alpha', 'q', 'COMPLETED', '\\x01', i, i, i, i "
                    + "FROM generate_series(1, 30000) i");
            statement.execute("INSERT INTO " + s + ".tasks (id, owner, queue, status, payload, created_at, updated_at, "
                    + "ready_at) SELECT 'ready-' || i, 'alpha', 'q', 'PENDING', '\\x01', i, i, i "
                    + "FROM generate_series(1, 3000) i");
            statement.execute("ANALYZE " + s + ".tasks");
            connection.setAutoCommit(false);
            for (String mode : new String[] {"force_generic_plan", "force_custom_plan"}) {
                for (String template : new String[] {PgOwnerStore.RECORD_THEN_CLAIM, PgOwnerStore.NOTIFY_IF_READY}) {
                    String plan = plan(statement, mode, template.replace("{S}", s));
                    assertTrue(plan.contains("tasks_ready"), plan);
                    assertFalse(plan.contains("Seq Scan on tasks"), mode + ":\n" + plan);
                }
            }
            connection.rollback();
        }
    }

    /** The plan of the statement as the driver's prepared statement runs it, in {@code mode}. */
    private static String plan(Statement statement, String mode, String sql) throws Exception {
        Map<String, Integer> positions = new LinkedHashMap<>();
        Matcher names = Pattern.compile("(?<!:):([A-Za-z]+)").matcher(sql);
        StringBuilder positional = new StringBuilder();
        while (names.find()) {
            int position = positions.computeIfAbsent(names.group(1), name -> positions.size() + 1);
            names.appendReplacement(positional, "\\$" + position);
        }
        names.appendTail(positional);
        statement.execute("DEALLOCATE ALL");
        statement.execute("SET LOCAL plan_cache_mode = " + mode);
        statement.execute("PREPARE dispatch (" + String.join(", ", positions.keySet().stream().map(TYPES::get).toList())
                + ") AS " + positional);
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE dispatch ("
                + String.join(", ", positions.keySet().stream().map(VALUES::get).toList()) + ")")) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
