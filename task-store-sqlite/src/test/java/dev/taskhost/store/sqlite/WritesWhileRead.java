package dev.taskhost.store.sqlite;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A child process for {@link OtherProcessReaderTest}: a host's store writing tasks, with its
 * maintenance thread looking at the log every turn. Prints {@code writing} once that has gone on for
 * a while, writes for the given seconds, then prints {@code done <tasks>}, closes the store and exits.
 */
public final class WritesWhileRead {

    static final String WRITING = "writing";
    static final String DONE = "done";

    private WritesWhileRead() {
    }

    /** @param args the data directory, and how many seconds to write for */
    public static void main(String[] args) throws Exception {
        long stop = System.nanoTime() + Long.parseLong(args[1]) * 1_000_000_000L;
        long announce = System.nanoTime() + 300_000_000L; // several turns of the maintenance thread
        boolean announced = false;
        int written = 0;
        try (TaskStore store = SqliteTaskStoreProvider.builder().dataDirectory(Path.of(args[0])).build()
                .open(new StoreContext(Optional.empty()))) {
            OwnerStore owner = store.owner("alpha");
            owner.saveQueue("q", QueueConfig.defaults(), Instant.EPOCH);
            while (System.nanoTime() < stop) {
                owner.insert(new NewTask("task-" + written, "q", new byte[100], Instant.EPOCH.plusMillis(written)));
                written++;
                if (!announced && System.nanoTime() > announce) {
                    System.out.println(WRITING);
                    announced = true;
                }
            }
            owner.countByStatus("q"); // a read after the other process's reads, too
        }
        System.out.println(DONE + " " + written);
    }
}
