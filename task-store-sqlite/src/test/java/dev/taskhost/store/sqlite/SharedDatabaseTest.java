package dev.taskhost.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.store.sqlite.internal.SqliteTaskStore;
import dev.taskhost.store.sqlite.internal.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stores on one data directory, as two hosts sharing it would have: each has its own
 * connection, so only SQLite's locking keeps them apart (API.md: correct when several hosts share a
 * store; no authoritative state in memory).
 */
class SharedDatabaseTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    /**
     * A store without the data directory's lock: a host through the provider refuses a second one
     * on the directory (R38), but the store must still be correct when two connections share a file.
     */
    private TaskStore open() {
        return SqliteTaskStore.open(new StoreSettings(data, Durability.NORMAL, Duration.ofSeconds(5)));
    }

    @Test
    @DisplayName("R12 two stores claiming from one queue at once never hand out a task twice")
    void r12_claimsAreAtomicAcrossConnections() throws Exception {
        int tasks = 400;
        try (TaskStore first = open(); TaskStore second = open()) {
            OwnerStore writer = first.owner("alpha");
            writer.saveQueue("q", QueueConfig.defaults(), T0);
            for (int i = 0; i < tasks; i++) {
                writer.insert(new NewTask("t" + i, "q", new byte[] {(byte) i}, T0));
            }
            List<OwnerStore> sides = List.of(first.owner("alpha"), second.owner("alpha"));
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<String>>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    OwnerStore side = sides.get(t % 2);
                    results.add(pool.submit(() -> {
                        start.await();
                        List<String> mine = new ArrayList<>();
                        List<ClaimedTask> batch;
                        do {
                            batch = Claims.claim(side, "q", 2, T0);
                            batch.forEach(task -> mine.add(task.id()));
                        } while (!batch.isEmpty());
                        return mine;
                    }));
                }
                start.countDown();
                List<String> claimed = new ArrayList<>();
                for (Future<List<String>> result : results) {
                    claimed.addAll(result.get(120, TimeUnit.SECONDS));
                }
                Set<String> distinct = new HashSet<>(claimed);
                assertEquals(claimed.size(), distinct.size(), "a task was claimed twice");
                assertEquals(tasks, distinct.size(), "every task was claimed");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    @DisplayName("R18 a change through one store is seen at once through the other")
    void r18_changesAreSeenAcrossConnections() {
        try (TaskStore first = open(); TaskStore second = open()) {
            OwnerStore one = first.owner("alpha");
            OwnerStore other = second.owner("alpha");
            one.saveQueue("q", QueueConfig.defaults(), T0);
            one.insert(new NewTask("t", "q", new byte[0], T0));

            assertEquals(Optional.of(TaskStatus.PENDING), other.cancel("t", false, T0.plusSeconds(1)));

            assertEquals(List.of(), Claims.claim(one, "q", 1, T0.plusSeconds(2)));
            assertEquals(TaskStatus.CANCELLED, one.find("t").orElseThrow().status());
            assertEquals(List.of("q"), other.queueNames());
        }
    }
}
