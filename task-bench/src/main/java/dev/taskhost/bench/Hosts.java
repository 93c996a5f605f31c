package dev.taskhost.bench;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.Durability;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.file.Path;
import java.time.Duration;

/** How the benchmark builds its hosts: the real host on the SQLite store, with the run's durability. */
final class Hosts {

    /** The one owner every scenario uses. */
    static final String OWNER = "bench";
    /** The owner's concurrency budget: enough for every queue a scenario creates (R4). */
    static final int BUDGET = 16;
    /**
     * A queue that starts its first task at once and the next a day later (R13): enqueued tasks stay
     * pending, so an enqueue measurement measures enqueueing alone.
     */
    static final QueueConfig HOLDING = QueueConfig.builder().delay(Duration.ofDays(1)).build();

    private Hosts() {
    }

    /** A host on the SQLite store in {@code data}, picked explicitly rather than through ServiceLoader. */
    static TaskHost open(Path data, Durability durability) {
        return TaskHost.builder()
                .dataDirectory(data)
                .store(SqliteTaskStoreProvider.builder().durability(durability).build())
                .build();
    }

    /** A queue of {@code concurrency} with the other settings at their defaults. */
    static QueueConfig running(int concurrency) {
        return QueueConfig.builder().concurrency(concurrency).build();
    }
}
