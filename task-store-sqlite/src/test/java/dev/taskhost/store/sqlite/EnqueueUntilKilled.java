package dev.taskhost.store.sqlite;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A child process for {@link CrashDurabilityTest}: inserts tasks one by one and reports each on
 * standard output only after {@code insert} has returned, until it is killed. It never closes the
 * store. Stops by itself after a minute, should nobody kill it.
 */
public final class EnqueueUntilKilled {

    /** Line printed after each insert: {@code <task id> stored}. */
    static final String STORED = " stored";

    private EnqueueUntilKilled() {
    }

    /** @param args the data directory */
    public static void main(String[] args) {
        TaskStore store = SqliteTaskStoreProvider.builder().dataDirectory(Path.of(args[0])).build()
                .open(new StoreContext(Optional.empty()));
        OwnerStore owner = store.owner("alpha");
        owner.saveQueue("q", QueueConfig.defaults(), Instant.EPOCH);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Instant stop = Instant.now().plus(Duration.ofMinutes(1));
        for (int i = 0; Instant.now().isBefore(stop); i++) {
            String id = "task-" + i;
            owner.insert(new NewTask(id, "q", payload(i), Instant.EPOCH.plusMillis(i)));
            out.print(id + STORED + "\n");
            out.flush();
        }
        System.exit(2); // never killed: the parent test failed to
    }

    static byte[] payload(int i) {
        return ("payload of task " + i).getBytes(StandardCharsets.UTF_8);
    }
}
