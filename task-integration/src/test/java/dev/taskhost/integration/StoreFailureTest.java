package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.TaskHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** R23 through the host: a corrupt owner database is refused, named, and left as it was. */
class StoreFailureTest {
    @TempDir
    Path data;

    @Test
    void r23_aCorruptDatabaseIsRefusedWithATaskStoreExceptionAndNeverOverwritten() throws Exception {
        Path database = Files.createDirectories(data.resolve("broken")).resolve("tasks.db");
        byte[] garbage = "this is not a database, and it is precious".repeat(100).getBytes(StandardCharsets.UTF_8);
        Files.write(database, garbage);

        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            var e = assertThrows(TaskStoreException.class, () -> host.service("broken", 1, task -> ""));
            assertTrue(e.getMessage().contains("broken"), e.getMessage());
            // The host started despite the corrupt owner (its start-up sweep skipped it), and other owners work.
            host.service("healthy", 1, task -> "").createQueue("q", dev.taskhost.api.QueueConfig.defaults());
        }

        assertArrayEquals(garbage, Files.readAllBytes(database));
    }
}
