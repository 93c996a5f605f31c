package dev.taskhost.store.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
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

    @Test
    @DisplayName("R12 R13 R35 R43 R44 limits, pause and keys hold across two connections on one file")
    void r35_limitsHoldAcrossConnections() {
        try (TaskStore first = open(); TaskStore second = open()) {
            OwnerStore one = first.owner("alpha");
            OwnerStore other = second.owner("alpha");
            one.saveQueue("q", QueueConfig.defaults(), T0);
            for (int i = 0; i < 4; i++) {
                one.insert(new NewTask("t" + i, "q", new byte[0], T0));
            }
            Lease otherHost = new Lease("other-host", Duration.ofSeconds(30));

            // R12: the second connection sees the first one's run against a concurrency of 2.
            assertEquals(1, one.claim(new ClaimRequest("q", 1, 2, Duration.ZERO, T0, Claims.LEASE)).claimed().size());
            assertEquals(1, other.claim(new ClaimRequest("q", 5, 2, Duration.ZERO, T0, otherHost)).claimed().size());
            // R13, R36: the stored last start paces the other connection too.
            assertEquals(List.of(), one.claim(new ClaimRequest("q", 1, 9, Duration.ofSeconds(10),
                    T0.plusSeconds(9), Claims.LEASE)).claimed());
            // R44: a pause through one connection stops the other's claims.
            other.setPaused("q", true, T0);
            assertEquals(true, one.claim(new ClaimRequest("q", 1, 9, Duration.ZERO, T0, Claims.LEASE)).paused());
            // R43: a key taken through one connection is held for the other.
            one.insert(new NewTask("keyed", "q", new byte[0], T0, T0, 0, Optional.of("k")));
            assertEquals("keyed", other.insert(new NewTask("again", "q", new byte[0], T0, T0, 0, Optional.of("k"))));
            assertEquals(Optional.empty(), one.find("again"));
        }
    }
}
