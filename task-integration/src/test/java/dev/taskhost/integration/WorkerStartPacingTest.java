package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import dev.taskhost.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * R13: the delay holds between the starts of the workers themselves, not only between the claims
 * the store records. A claim's latency (the store's work, the hand-over to a worker thread) puts a
 * worker's start after the claim's time; pacing the next claim from the claim's time alone let the
 * next worker start that much early. On a manual clock, the store's latency is the clock moving
 * while the first claim is under way, so the test is exact.
 */
class WorkerStartPacingTest {
    private static final Duration DELAY = Duration.ofSeconds(1);
    private static final Duration FIRST_CLAIM_LATENCY = Duration.ofMillis(300);
    private static final Duration STEP = Duration.ofMillis(50);

    @TempDir
    Path data;

    @Test
    void r13_workersStartAtLeastTheDelayApartWhenAClaimIsSlow() throws Exception {
        ManualClock clock = ManualClock.create();
        AtomicBoolean slowed = new AtomicBoolean();
        WrappedStoreProvider store = WrappedStoreProvider.wrapping(
                SqliteTaskStoreProvider.builder().dataDirectory(data).build(), "first claim slow",
                owner -> new ForwardingOwnerStore(owner) {
                    @Override
                    public ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request) {
                        ClaimResult result = super.recordThenClaim(outcomes, request);
                        if (!result.claimed().isEmpty() && slowed.compareAndSet(false, true)) {
                            clock.advance(FIRST_CLAIM_LATENCY);
                        }
                        return result;
                    }
                });
        List<Instant> workerStarts = new CopyOnWriteArrayList<>();
        try (TaskHost host = TaskHost.builder().store(store).clock(clock).build()) {
            TaskService service = host.service("app", 1, task -> {
                workerStarts.add(clock.instant());
                return "";
            });
            service.createQueue("paced", QueueConfig.builder().delay(DELAY).build());
            for (int i = 0; i < 3; i++) {
                service.enqueue("paced", new byte[0]);
            }
            for (int step = 0; step < 100 && workerStarts.size() < 3; step++) {
                assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
                clock.advance(STEP);
            }
            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        }
        assertEquals(3, workerStarts.size(), "every task ran: " + workerStarts);
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < workerStarts.size(); i++) {
            gaps.add(Duration.between(workerStarts.get(i - 1), workerStarts.get(i)));
        }
        assertTrue(gaps.stream().allMatch(gap -> gap.compareTo(DELAY) >= 0),
                "workers started closer than the delay of " + DELAY + " (R13): gaps " + gaps);
    }
}
