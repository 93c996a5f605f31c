package dev.taskhost.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import dev.taskhost.store.sqlite.internal.SqliteTaskStore;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The provider as hosts meet it: through ServiceLoader, or built explicitly. */
class SqliteTaskStoreProviderTest {

    private static final String SERVICE = TaskStoreProvider.class.getName();
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    @Test
    @DisplayName("services: the META-INF/services file names the same provider as module-info's provides")
    void services_fileMatchesModuleInfo() throws Exception {
        Module module = SqliteTaskStoreProvider.class.getModule();
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

        assertEquals(List.of(SqliteTaskStoreProvider.class.getName()), declared);
        assertEquals(declared, listed);
        assertEquals(List.of(SERVICE), module.getDescriptor().provides().stream()
                .map(ModuleDescriptor.Provides::service).toList());
    }

    @Test
    @DisplayName("API ServiceLoader finds the one SQLite provider, and it stores in the host's directory")
    void api_serviceLoaderFindsTheProvider() {
        SqliteTaskStoreProvider.class.getModule().addUses(TaskStoreProvider.class);
        List<TaskStoreProvider> found = ServiceLoader.load(TaskStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, found.size(), found.toString());
        TaskStoreProvider provider = found.get(0);
        assertEquals("sqlite", provider.name());
        try (TaskStore store = provider.open(new StoreContext(Optional.of(data)))) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
        }
        assertTrue(Files.isRegularFile(data.resolve("alpha").resolve("tasks.db")));
    }

    @Test
    @DisplayName("R23 with no data directory anywhere, open fails with a TaskStoreException that says so")
    void r23_noDataDirectory() {
        TaskStoreException refused = assertThrows(TaskStoreException.class,
                () -> new SqliteTaskStoreProvider().open(new StoreContext(Optional.empty())));

        assertTrue(refused.getMessage().contains("data directory"), refused.getMessage());
    }

    @Test
    @DisplayName("API the builder's data directory wins over the host's, and is created when absent")
    void api_builderDirectoryWins() {
        Path mine = data.resolve("mine").resolve("nested");
        Path hosts = data.resolve("hosts");
        TaskStoreProvider provider = SqliteTaskStoreProvider.builder().dataDirectory(mine).build();

        try (TaskStore store = provider.open(new StoreContext(Optional.of(hosts)))) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
        }

        assertTrue(Files.isRegularFile(mine.resolve("alpha").resolve("tasks.db")));
        assertTrue(Files.notExists(hosts));
    }

    @Test
    @DisplayName("API the builder refuses a negative or null setting, naming it")
    void api_builderChecksItsSettings() {
        SqliteTaskStoreProvider.Builder builder = SqliteTaskStoreProvider.builder();

        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> builder.busyTimeout(Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("busyTimeout"), negative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder.busyTimeout(Duration.ofDays(30)));
        assertThrows(NullPointerException.class, () -> builder.busyTimeout(null));
        assertThrows(NullPointerException.class, () -> builder.durability(null));
        assertThrows(NullPointerException.class, () -> builder.dataDirectory(null));
        assertThrows(NullPointerException.class, () -> new SqliteTaskStoreProvider().open(null));
    }

    @Test
    @DisplayName("R3 an owner id that breaks R3 is refused before any folder is made")
    void r3_badOwnerIdIsRefused() {
        try (TaskStore store = new SqliteTaskStoreProvider().open(new StoreContext(Optional.of(data)))) {
            assertThrows(IllegalArgumentException.class, () -> store.owner("../escape"));
            assertThrows(IllegalArgumentException.class, () -> store.owner("Upper"));
        }
        assertTrue(Files.notExists(data.resolveSibling("escape")));
        // Only the data directory's lock file (R38), no owner folder.
        assertEquals(List.of(SqliteTaskStore.LOCK_FILE_NAME), List.of(data.toFile().list()));
    }
}
