package dev.taskhost.store.sqlite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.store.sqlite.Claims;
import dev.taskhost.store.sqlite.Durability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R23: files the store must not touch, and failures it must report, on real files. */
class DatabaseFilesTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    private SqliteTaskStore openStore() {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5)));
    }

    private Path databaseOf(String owner) {
        return data.resolve(owner).resolve(SqliteTaskStore.DATABASE_FILE_NAME);
    }

    /** Opening the owner fails with a TaskStoreException and leaves its file exactly as it was. */
    private TaskStoreException assertRefusedUntouched(String owner) throws Exception {
        Path file = databaseOf(owner);
        byte[] before = Files.readAllBytes(file);
        TaskStoreException refused;
        try (SqliteTaskStore store = openStore()) {
            refused = assertThrows(TaskStoreException.class, () -> store.owner(owner));
            // Refused again on the next call: a refusal is not cached as an open store.
            assertThrows(TaskStoreException.class, () -> store.owner(owner));
            // Other owners are not affected.
            store.owner("other").saveQueue("q", QueueConfig.defaults(), T0);
        }
        assertArrayEquals(before, Files.readAllBytes(file), "the refused file is byte for byte unchanged");
        for (Path companion : RawSqlite.companions(file)) {
            assertFalse(Files.exists(companion), companion + " was created beside the refused file");
        }
        assertTrue(refused.getMessage().contains(file.toString()), "names the file: " + refused.getMessage());
        assertTrue(refused.getMessage().contains("'" + owner + "'"), "names the owner: " + refused.getMessage());
        return refused;
    }

    @Test
    @DisplayName("R23 a tasks.db that is not a SQLite database is refused and left untouched")
    void r23_fileThatIsNotADatabaseIsRefused() throws Exception {
        Path file = databaseOf("alpha");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "somebody's notes, not a database\n".repeat(20), StandardCharsets.UTF_8);

        TaskStoreException refused = assertRefusedUntouched("alpha");

        assertTrue(refused.getMessage().contains("not a SQLite database"), refused.getMessage());
    }

    @Test
    @DisplayName("R23 a short file, even one that starts like SQLite, is refused and left untouched")
    void r23_truncatedFileIsRefused() throws Exception {
        Path file = databaseOf("alpha");
        Files.createDirectories(file.getParent());
        Files.write(file, "SQLite format 3\0 and then it ends".getBytes(StandardCharsets.US_ASCII));

        TaskStoreException refused = assertRefusedUntouched("alpha");

        assertTrue(refused.getMessage().contains("not a SQLite database"), refused.getMessage());
    }

    @Test
    @DisplayName("R23 a database with a newer schema version is refused and left untouched")
    void r23_newerSchemaIsRefused() throws Exception {
        RawSqlite.execute(databaseOf("alpha"),
                "CREATE TABLE tasks (id TEXT PRIMARY KEY, shape_of_the_future BLOB)",
                "PRAGMA application_id = " + Schema.APPLICATION_ID,
                "PRAGMA user_version = " + (Schema.VERSION + 1));

        TaskStoreException refused = assertRefusedUntouched("alpha");

        assertTrue(refused.getMessage().contains("schema version " + (Schema.VERSION + 1)), refused.getMessage());
        assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
    }

    @Test
    @DisplayName("R23 a newer schema still in the write-ahead log, not yet in the header, is refused")
    void r23_newerSchemaInTheLogIsRefused() throws Exception {
        try (SqliteTaskStore store = openStore()) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
        }
        Path file = databaseOf("alpha");
        // A newer host has the file open and has raised the version; its log is not checkpointed yet.
        try (Connection newer = RawSqlite.open(file); Statement statement = newer.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0");
            statement.execute("PRAGMA user_version = " + (Schema.VERSION + 1));
            byte[] before = Files.readAllBytes(file);
            assertEquals(Schema.VERSION, DatabaseFileHeader.read(file, "test").orElseThrow().userVersion(),
                    "the header still shows the old version");

            try (SqliteTaskStore store = openStore()) {
                TaskStoreException refused = assertThrows(TaskStoreException.class, () -> store.owner("alpha"));
                assertTrue(refused.getMessage().contains("newer"), refused.getMessage());
            }

            assertArrayEquals(before, Files.readAllBytes(file));
            assertEquals(String.valueOf(Schema.VERSION + 1), RawSqlite.queryOne(newer, "PRAGMA user_version"));
        }
    }

    @Test
    @DisplayName("R23 a SQLite database of another application is refused and left untouched")
    void r23_otherApplicationsDatabaseIsRefused() throws Exception {
        RawSqlite.execute(databaseOf("alpha"), "CREATE TABLE notes (text TEXT)", "INSERT INTO notes VALUES ('mine')");

        TaskStoreException refused = assertRefusedUntouched("alpha");

        assertTrue(refused.getMessage().contains("another application"), refused.getMessage());
    }

    @Test
    @DisplayName("R23 a database marked with another application id is refused and left untouched")
    void r23_otherApplicationIdIsRefused() throws Exception {
        RawSqlite.execute(databaseOf("alpha"), "PRAGMA application_id = 42");

        TaskStoreException refused = assertRefusedUntouched("alpha");

        assertTrue(refused.getMessage().contains("another application"), refused.getMessage());
    }

    @Test
    @DisplayName("R23 an empty tasks.db becomes a new database")
    void r23_emptyFileBecomesADatabase() throws Exception {
        Path file = databaseOf("alpha");
        Files.createDirectories(file.getParent());
        Files.createFile(file);

        try (SqliteTaskStore store = openStore()) {
            store.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
            assertEquals(List.of("q"), store.owner("alpha").queueNames());
        }
        assertEquals(String.valueOf(Schema.VERSION), RawSqlite.queryOne(file, "PRAGMA user_version"));
    }

    @Test
    @DisplayName("R23 a data directory that is a file fails with a TaskStoreException naming it")
    void r23_dataDirectoryThatIsAFileIsRefused() throws Exception {
        Path notADirectory = data.resolve("data");
        Files.writeString(notADirectory, "a file");

        TaskStoreException refused = assertThrows(TaskStoreException.class, () -> SqliteTaskStore.open(
                new StoreSettings(notADirectory, Durability.NORMAL, Duration.ofSeconds(5))));

        assertTrue(refused.getMessage().contains(notADirectory.toString()), refused.getMessage());
        assertEquals("a file", Files.readString(notADirectory));
    }

    @Test
    @DisplayName("R23 a read-only data directory fails with a TaskStoreException, not a crash")
    void r23_readOnlyDataDirectory() throws Exception {
        try (SqliteTaskStore store = openStore()) {
            ReadOnly readOnly = ReadOnly.make(data);
            try {
                TaskStoreException refused = assertThrows(TaskStoreException.class, () -> store.owner("alpha"));
                assertTrue(refused.getMessage().contains(data.resolve("alpha").toString()), refused.getMessage());
            } finally {
                readOnly.close();
            }
        }
    }

    @Test
    @DisplayName("R23 a read-only database fails with a TaskStoreException and loses nothing")
    void r23_readOnlyDatabaseLosesNothing() throws Exception {
        String id = "kept-task";
        try (SqliteTaskStore store = openStore()) {
            OwnerStore alpha = store.owner("alpha");
            alpha.saveQueue("q", QueueConfig.defaults(), T0);
            alpha.insert(new NewTask(id, "q", new byte[] {7}, T0));
        }
        Path file = databaseOf("alpha");
        byte[] before = Files.readAllBytes(file);

        ReadOnly readOnly = ReadOnly.make(file, file.getParent());
        try (SqliteTaskStore store = openStore()) {
            TaskStoreException refused = assertThrows(TaskStoreException.class, () -> store.owner("alpha"));
            assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        } finally {
            readOnly.close();
        }

        assertArrayEquals(before, Files.readAllBytes(file));
        try (SqliteTaskStore store = openStore()) {
            assertEquals(TaskStatus.PENDING, store.owner("alpha").find(id).orElseThrow().status());
        }
    }

    @Test
    @DisplayName("R23 a data directory whose path the driver would misread is refused, not misused")
    void r23_pathWithQuestionMarkIsRefused() throws Exception {
        Path odd = data.resolve("what?mode=ro");
        try (SqliteTaskStore store = SqliteTaskStore.open(
                new StoreSettings(odd, Durability.NORMAL, Duration.ofSeconds(5)))) {
            TaskStoreException refused = assertThrows(TaskStoreException.class, () -> store.owner("alpha"));
            assertTrue(refused.getMessage().contains("'?'"), refused.getMessage());
        }
        assertEquals(List.of("what?mode=ro"), List.of(data.toFile().list()), "nothing created beside it");
    }

    @Test
    @DisplayName("R23 an SQL failure becomes a TaskStoreException naming owner, file and operation")
    void r23_sqlFailureIsWrapped() {
        try (SqliteTaskStore store = openStore()) {
            OwnerStore alpha = store.owner("alpha");
            alpha.saveQueue("q", QueueConfig.defaults(), T0);
            alpha.insert(new NewTask("same-id", "q", new byte[] {1}, T0));

            TaskStoreException duplicate = assertThrows(TaskStoreException.class,
                    () -> alpha.insert(new NewTask("same-id", "q", new byte[] {2}, T0.plusSeconds(1))));

            assertInstanceOf(SQLException.class, duplicate.getCause());
            String message = duplicate.getMessage();
            assertTrue(message.contains("owner 'alpha'"), message);
            assertTrue(message.contains(databaseOf("alpha").toString()), message);
            assertTrue(message.contains("insert task same-id into queue 'q'"), message);
            assertTrue(message.contains("UNIQUE"), message);
            // Nothing already stored is lost, and the store keeps working.
            assertEquals(T0, alpha.find("same-id").orElseThrow().createdAt());
            assertEquals(1, Claims.claim(alpha, "q", 5, T0).size());
        }
    }

    @Test
    @DisplayName("R8 a task for a queue that was never saved is refused by the store")
    void r8_taskForUnsavedQueueIsRefused() {
        try (SqliteTaskStore store = openStore()) {
            OwnerStore alpha = store.owner("alpha");

            TaskStoreException refused = assertThrows(TaskStoreException.class,
                    () -> alpha.insert(new NewTask("t", "never-saved", new byte[0], T0)));

            assertTrue(refused.getMessage().contains("FOREIGN KEY"), refused.getMessage());
            assertEquals(java.util.Optional.empty(), alpha.find("t"));
        }
    }

    @Test
    @DisplayName("R3 owners() lists only folders that are owner ids and hold a database")
    void r3_ownersAreFoldersWithADatabase() throws Exception {
        try (SqliteTaskStore store = openStore()) {
            store.owner("alpha");
            Files.createDirectories(data.resolve("empty-folder"));
            RawSqlite.execute(data.resolve("Not An Owner").resolve(SqliteTaskStore.DATABASE_FILE_NAME),
                    "PRAGMA user_version = 0");
            Files.writeString(data.resolve("stray-file"), "x");

            assertEquals(List.of("alpha"), store.owners());
            assertThrows(IllegalArgumentException.class, () -> store.owner("Not An Owner"));
        }
    }
}
