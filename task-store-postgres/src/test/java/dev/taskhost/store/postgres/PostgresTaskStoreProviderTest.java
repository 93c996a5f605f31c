package dev.taskhost.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The provider as hosts meet it, and the schema it keeps: versions, migrations, refusal (R23). */
class PostgresTaskStoreProviderTest {

    private static final String SERVICE = TaskStoreProvider.class.getName();
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final StoreContext CONTEXT = new StoreContext(Optional.empty());

    private final TestDatabase database = TestDatabase.get();
    private final String schema = TestDatabase.freshSchema();

    @AfterEach
    void dropSchema() {
        database.drop(schema);
    }

    @Test
    @DisplayName("services: the META-INF/services file names the same provider as module-info's provides")
    void services_fileMatchesModuleInfo() throws Exception {
        Module module = PostgresTaskStoreProvider.class.getModule();
        assertTrue(module.isNamed(), "the tests run on the module path");
        List<String> declared = module.getDescriptor().provides().stream()
                .filter(provides -> provides.service().equals(SERVICE))
                .flatMap(provides -> provides.providers().stream())
                .toList();
        List<String> listed;
        try (InputStream file = module.getResourceAsStream("META-INF/services/" + SERVICE)) {
            assertNotNull(file, "META-INF/services/" + SERVICE + " is packaged");
            listed = new BufferedReader(new InputStreamReader(file, StandardCharsets.UTF_8)).lines()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
        }
        assertEquals(List.of(PostgresTaskStoreProvider.class.getName()), declared);
        assertEquals(declared, listed);
        assertEquals(List.of("dev.taskhost.store.postgres"), module.getDescriptor().exports().stream()
                .map(exports -> exports.source()).toList(), "only the API package is exported");
    }

    @Test
    @DisplayName("API ServiceLoader finds the PostgreSQL provider; without a database it refuses to open, saying what to set")
    void api_serviceLoaderFindsTheProvider() {
        PostgresTaskStoreProvider.class.getModule().addUses(TaskStoreProvider.class);
        List<TaskStoreProvider> found = ServiceLoader.load(TaskStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        assertEquals(List.of("postgres"), found.stream().map(TaskStoreProvider::name).toList());
        if (System.getenv("TASKHOST_POSTGRES_URL") == null) {
            TaskStoreException refused = assertThrows(TaskStoreException.class, () -> found.get(0).open(CONTEXT));
            assertTrue(refused.getMessage().contains("TASKHOST_POSTGRES_URL"), refused.getMessage());
        }
    }

    @Test
    @DisplayName("API the builder refuses a bad or null setting, naming it")
    void api_builderChecksItsSettings() {
        PostgresTaskStoreProvider.Builder builder = PostgresTaskStoreProvider.builder();

        IllegalArgumentException badSchema = assertThrows(IllegalArgumentException.class,
                () -> builder.schema("Robert\"; DROP TABLE x"));
        assertTrue(badSchema.getMessage().contains("schema"), badSchema.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.jdbcUrl("jdbc:sqlite:x.db"));
        assertThrows(IllegalArgumentException.class, () -> builder.poolSize(0));
        assertThrows(NullPointerException.class, () -> builder.dataSource(null));
        assertThrows(NullPointerException.class, () -> builder.jdbcUrl(null));
        assertThrows(NullPointerException.class, () -> builder.schema(null));
        assertThrows(NullPointerException.class, () -> builder.user(null));
        assertThrows(NullPointerException.class, () -> builder.password(null));
        assertThrows(IllegalStateException.class, () -> PostgresTaskStoreProvider.builder()
                .jdbcUrl(database.url()).dataSource(new org.postgresql.ds.PGSimpleDataSource()).build());
    }

    @Test
    @DisplayName("R40 R23 a server that cannot be reached fails open with a TaskStoreException that names the store")
    void r40_unreachableServerFailsOpen() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        TaskStoreProvider provider = PostgresTaskStoreProvider.builder()
                .jdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/none").user("nobody").schema(schema).build();

        TaskStoreException refused = assertThrows(TaskStoreException.class, () -> provider.open(CONTEXT));

        assertTrue(refused.getMessage().contains("PostgreSQL store"), refused.getMessage());
        assertTrue(refused.getMessage().contains(schema), refused.getMessage());
    }

    @Test
    @DisplayName("API the application's own DataSource works as well as a URL, and stays open after the store closes")
    void api_applicationDataSource() throws Exception {
        org.postgresql.ds.PGSimpleDataSource dataSource = new org.postgresql.ds.PGSimpleDataSource();
        dataSource.setUrl(database.url());
        dataSource.setUser(database.user());
        dataSource.setPassword(database.password());
        TaskStoreProvider provider = PostgresTaskStoreProvider.builder().dataSource(dataSource).schema(schema).build();

        try (TaskStore store = provider.open(CONTEXT)) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
            assertEquals(List.of("alpha"), store.owners());
        }
        try (Connection connection = dataSource.getConnection()) {
            assertTrue(connection.isValid(5));
        }
    }

    @Test
    @DisplayName("API found by ServiceLoader, the provider takes the schema and pool size from settings, and names a bad pool size")
    void api_serviceLoaderSettings() throws Exception {
        List<String> names = List.of("url", "user", "password", "schema", "pool_size");
        try {
            System.setProperty("taskhost.postgres.url", database.url());
            System.setProperty("taskhost.postgres.user", database.user());
            System.setProperty("taskhost.postgres.password", database.password());
            System.setProperty("taskhost.postgres.schema", schema);
            System.setProperty("taskhost.postgres.pool_size", "3");
            PostgresTaskStoreProvider provider = new PostgresTaskStoreProvider();

            assertTrue(provider.toString().contains("schema=" + schema + ", poolSize=3"), provider.toString());
            try (TaskStore store = provider.open(CONTEXT)) {
                store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
            }
            assertEquals("1", query("SELECT count(*) FROM \"" + schema + "\".queues"), "the queue is in that schema");

            System.setProperty("taskhost.postgres.pool_size", "ten");
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    PostgresTaskStoreProvider::new);
            assertTrue(refused.getMessage().contains("TASKHOST_POSTGRES_POOL_SIZE"), refused.getMessage());
            assertTrue(refused.getMessage().contains("'ten'"), refused.getMessage());
        } finally {
            names.forEach(name -> System.clearProperty("taskhost.postgres." + name));
        }
    }

    @Test
    @DisplayName("R23 a role given only its own schema, without CREATE on the database, migrates it and works")
    void r23_roleWithOnlyItsSchemaMigrates() throws Exception {
        String role = schema + "_role";
        database.execute("CREATE ROLE \"" + role + "\" LOGIN PASSWORD 'secret'");
        try {
            database.execute("CREATE SCHEMA \"" + schema + "\" AUTHORIZATION \"" + role + "\"");
            assertEquals("false", query("SELECT has_database_privilege('" + role + "', current_database(), 'CREATE')::text"),
                    "the role may not create schemas");
            // Without the URL's own parameters: a user named there would win over the one given here.
            String url = database.url().replaceFirst("\\?.*", "");
            TaskStoreProvider provider = PostgresTaskStoreProvider.builder().jdbcUrl(url).user(role)
                    .password("secret").schema(schema).poolSize(2).build();

            try (TaskStore store = provider.open(CONTEXT)) {
                store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
                store.owner("alpha").insert(new NewTask("t1", "q", new byte[] {7}, T0));
                assertEquals(List.of("alpha"), store.owners());
            }
            assertEquals(role, query("SELECT tableowner FROM pg_tables WHERE schemaname = '" + schema
                    + "' AND tablename = 'tasks'"), "the role's store created the tables");
        } finally {
            database.drop(schema);
            database.execute("DROP ROLE IF EXISTS \"" + role + "\"");
        }
    }

    @Test
    @DisplayName("R23 a schema newer than this code is refused, and left untouched")
    void r23_newerSchemaIsRefusedAndLeftUntouched() throws Exception {
        try (TaskStore store = database.provider(schema).open(CONTEXT)) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
            store.owner("alpha").insert(new NewTask("t1", "q", new byte[] {7}, T0));
        }
        database.execute("INSERT INTO \"" + schema + "\".schema_version (version) VALUES (99)");
        String before = dump();

        TaskStoreException refused = assertThrows(TaskStoreException.class,
                () -> database.provider(schema).open(CONTEXT));

        assertTrue(refused.getMessage().contains("version 99"), refused.getMessage());
        assertEquals(before, dump(), "nothing in the schema changed");
        assertThrows(TaskStoreException.class,
                () -> database.provider(schema).open(new StoreContext(Optional.empty(), true)));
    }

    @Test
    @DisplayName("R35 R23 hosts opening a new schema at once migrate it once, and all open")
    void r35_concurrentOpensMigrateOnce() throws Exception {
        int hosts = 6;
        ExecutorService pool = Executors.newFixedThreadPool(hosts);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TaskStore>> opened = new ArrayList<>();
            for (int i = 0; i < hosts; i++) {
                Callable<TaskStore> open = () -> {
                    start.await();
                    return database.provider(schema).open(CONTEXT);
                };
                opened.add(pool.submit(open));
            }
            start.countDown();
            List<TaskStore> stores = new ArrayList<>();
            for (Future<TaskStore> store : opened) {
                stores.add(store.get());
            }
            stores.get(0).owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
            assertEquals(List.of("q"), stores.get(hosts - 1).owner("alpha").queueNames(), "one schema for all");
            stores.forEach(TaskStore::close);
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1,2,3,4", query("SELECT string_agg(version::text, ',') FROM \"" + schema + "\".schema_version"));
    }

    @Test
    @DisplayName("R23 a version-3 schema with tasks is migrated to version 4: seq keeps its values, loses its unique index, and enqueue order holds")
    void r23_version3SchemaMigratesToVersion4() throws Exception {
        try (TaskStore store = database.provider(schema).open(CONTEXT)) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
        }
        // Version 3 as it was written: seq with its unique constraint, and no row for version 4.
        database.execute("ALTER TABLE \"" + schema + "\".tasks ADD CONSTRAINT tasks_seq_key UNIQUE (seq)");
        database.execute("DELETE FROM \"" + schema + "\".schema_version WHERE version = 4");
        database.execute("INSERT INTO \"" + schema + "\".tasks (id, owner, queue, status, payload, created_at, "
                + "updated_at, ready_at) VALUES ('t1', 'alpha', 'q', 'PENDING', '\\x07', 1, 1, 1), "
                + "('t2', 'alpha', 'q', 'PENDING', '\\x08', 2, 2, 2)");
        assertEquals("1", indexCount("tasks_seq_key"));

        try (TaskStore store = database.provider(schema).open(CONTEXT)) {
            assertEquals("1,2,3,4", query("SELECT string_agg(version::text, ',' ORDER BY version) FROM \""
                    + schema + "\".schema_version"));
            assertEquals("0", indexCount("tasks_seq_key"), "seq's unique index is dropped");
            store.owner("alpha").insert(new NewTask("t3", "q", new byte[] {9}, T0));
            assertEquals(List.of("t1", "t2", "t3"), store.owner("alpha").list("q", Optional.empty(), Optional.empty(), 10)
                    .tasks().stream().map(task -> task.id()).toList(), "enqueue order across the migration");
        }
    }

    private String indexCount(String index) throws Exception {
        return query("SELECT count(*) FROM pg_indexes WHERE schemaname = '" + schema + "' AND indexname = '" + index + "'");
    }

    @Test
    @DisplayName("R23 a store opened read-only on a missing schema refuses, and creates nothing")
    void r23_readOnlyCreatesNothing() throws Exception {
        TaskStoreException refused = assertThrows(TaskStoreException.class,
                () -> database.provider(schema).open(new StoreContext(Optional.empty(), true)));

        assertTrue(refused.getMessage().contains("no taskhost tables"), refused.getMessage());
        assertEquals("0", query("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'"));
    }

    @Test
    @DisplayName("R23 a store opened read-only reads, and every write throws TaskStoreException")
    void r23_readOnlyRefusesWrites() {
        try (TaskStore store = database.provider(schema).open(CONTEXT)) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
        }
        try (TaskStore store = database.provider(schema).open(new StoreContext(Optional.empty(), true))) {
            assertEquals(List.of("q"), store.owner("alpha").queueNames());
            TaskStoreException refused = assertThrows(TaskStoreException.class,
                    () -> store.owner("alpha").insert(new NewTask("t1", "q", new byte[0], T0)));
            assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
        }
    }

    /** Every row of the schema's tables, as text. */
    private String dump() throws Exception {
        return query("SELECT (SELECT string_agg(v::text, ',' ORDER BY v::text) FROM \"" + schema + "\".schema_version v)"
                + " || ' ' || (SELECT string_agg(q::text, ',') FROM \"" + schema + "\".queues q)"
                + " || ' ' || (SELECT string_agg(t::text, ',') FROM \"" + schema + "\".tasks t)");
    }

    private String query(String sql) throws Exception {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
