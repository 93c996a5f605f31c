package dev.taskhost.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The claim's one statement on two hosts: outcomes recorded and slots claimed in one call, and a
 * queue whose concurrency other hosts' runs take said to be full (R12, R35), so that its host waits
 * for a run's end instead of looking again for ready tasks it may not start.
 */
class FullQueueClaimTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final StoreContext CONTEXT = new StoreContext(Optional.empty());
    private static final QueueConfig TWO = QueueConfig.builder().concurrency(2).build();

    private final TestDatabase database = TestDatabase.get();
    private final String schema = TestDatabase.freshSchema();
    private final List<TaskStore> stores = new ArrayList<>();
    private OwnerStore onA;
    private OwnerStore onB;

    @BeforeEach
    void openTwoHosts() {
        onA = open().owner("alpha");
        onB = open().owner("alpha");
        onA.saveQueue("q", TWO, T0);
    }

    @AfterEach
    void close() {
        stores.forEach(TaskStore::close);
        database.drop(schema);
    }

    private TaskStore open() {
        TaskStore store = database.provider(schema).open(CONTEXT);
        stores.add(store);
        return store;
    }

    private void insert(int count) {
        for (int i = 0; i < count; i++) {
            onA.insert(new NewTask(UUID.randomUUID().toString(), "q", new byte[] {1}, T0));
        }
    }

    private static ClaimRequest request(int max, String holder) {
        return new ClaimRequest("q", max, TWO.concurrency(), TWO.delay(), T0, new Lease(holder, Duration.ofSeconds(30)));
    }

    private static Outcome completed(ClaimedTask task) {
        return Outcome.completed(task.id(), task.attempt(), "ok", T0);
    }

    @Test
    @DisplayName("R12 R35 a claim says the queue is full once runs on any host take its concurrency")
    void r35_fullAcrossHosts() {
        insert(4);
        ClaimResult first = onA.claim(request(1, "a"));
        assertEquals(1, first.claimed().size());
        assertFalse(first.full(), "one of two slots taken");

        ClaimResult second = onB.claim(request(2, "b"));
        assertEquals(1, second.claimed().size(), "one slot was left");
        assertTrue(second.full());

        ClaimResult none = onB.claim(request(2, "b"));
        assertEquals(List.of(), none.claimed());
        assertTrue(none.full(), "host a's run holds the other slot");

        // Host a's run ends and it takes nothing more: the slot it frees is host b's to take.
        ClaimResult freed = onA.recordThenClaim(List.of(completed(first.claimed().get(0))), request(0, "a"));
        assertFalse(freed.full());
        ClaimResult taken = onB.claim(request(2, "b"));
        assertEquals(1, taken.claimed().size());
        assertTrue(taken.full());
    }

    @Test
    @DisplayName("R12 R35 one call records the ended runs and claims the slots they freed")
    void r12_recordThenClaimTakesFreedSlots() {
        insert(5);
        List<ClaimedTask> running = onA.claim(request(2, "a")).claimed();
        assertEquals(2, running.size());

        ClaimResult next = onA.recordThenClaim(running.stream().map(FullQueueClaimTest::completed).toList(),
                request(2, "a"));
        assertEquals(2, next.claimed().size(), "both freed slots taken in the same call");
        assertTrue(next.full());
        assertEquals(Map.of(TaskStatus.COMPLETED, 2L, TaskStatus.RUNNING, 2L, TaskStatus.PENDING, 1L),
                onB.countByStatus("q"));
        assertEquals(List.of(), onB.claim(request(2, "b")).claimed(), "the running count holds the two runs");

        // An outcome recorded twice changes nothing, and the count stays right.
        ClaimResult again = onA.recordThenClaim(running.stream().map(FullQueueClaimTest::completed).toList(),
                request(0, "a"));
        assertTrue(again.full());
        assertEquals(Map.of(TaskStatus.COMPLETED, 2L, TaskStatus.RUNNING, 2L, TaskStatus.PENDING, 1L),
                onB.countByStatus("q"));
    }
}
