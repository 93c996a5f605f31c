package dev.taskhost.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.store.sqlite.internal.SqliteTaskStore;
import dev.taskhost.testkit.jvm.ChildJvm;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * Another process opening a host's database while the host writes to it, as {@code inspect} or a
 * console without a host does, must not harm the host: its store keeps SQLite's locks, by which the
 * other process sees the database in use. (When the look at the log's index dropped them, the first
 * reader rebuilt the index under the host and the host died of a bus error.) The host is a child JVM;
 * this test is the other process.
 */
@Tag("crash")
class OtherProcessReaderTest {

    private static final int WRITE_SECONDS = 4;

    @TempDir
    Path data;

    @Test
    void aProcessReadingTheDatabaseWhileTheHostWritesLeavesTheHostRunning() throws Exception {
        List<Long> counts = new ArrayList<>();
        try (ChildJvm host = ChildJvm.start(data.resolve("host.out"), WritesWhileRead.class,
                data.resolve("store").toString(), String.valueOf(WRITE_SECONDS))) {
            host.awaitPrinted(WritesWhileRead.WRITING, Duration.ofSeconds(60));
            Path database = data.resolve("store").resolve("alpha").resolve(SqliteTaskStore.DATABASE_FILE_NAME);
            for (int i = 0; i < 20; i++) {
                counts.add(countTasks(database));
                Thread.sleep(50);
            }
            assertEquals(0, host.awaitExit(Duration.ofSeconds(60)),
                    () -> "the host died while another process read its database:\n" + host.output());
            assertTrue(host.output().lines().anyMatch(line -> line.startsWith(WritesWhileRead.DONE)), host::output);
        }
        assertTrue(counts.get(counts.size() - 1) > counts.get(0), "the reads saw the host's writes: " + counts);
    }

    /** A connection of its own each time, opened and closed, as a separate tool would. */
    private static long countTasks(Path database) throws Exception {
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM tasks")) {
            count.next();
            return count.getLong(1);
        }
    }
}
