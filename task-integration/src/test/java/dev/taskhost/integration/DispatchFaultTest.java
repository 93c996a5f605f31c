package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * R32: an Error inside the host's own code (here an OutOfMemoryError out of the store's claim, as a
 * huge allocation would throw) fails that step only, and the queue tries again by itself.
 */
class DispatchFaultTest {
    @TempDir
    Path data;

    @Test
    void r32_anOutOfMemoryErrorWhileClaimingFailsThatStepOnlyAndTheQueueTriesAgain() throws Exception {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        WrappedStoreProvider store = WrappedStoreProvider.wrapping(
                SqliteTaskStoreProvider.builder().dataDirectory(data).build(), "claims out of memory",
                owner -> new ForwardingOwnerStore(owner) {
                    @Override
                    public ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request) {
                        if (request.max() > 0 && failuresLeft.getAndDecrement() > 0) {
                            throw new OutOfMemoryError("Java heap space (thrown by the test)");
                        }
                        return super.recordThenClaim(outcomes, request);
                    }
                });
        try (TaskHost host = TaskHost.builder().store(store).build()) {
            TaskService service = host.service("app", 1, task -> "ran");
            service.createQueue("q", QueueConfig.defaults());
            String id = service.enqueue("q", new byte[0]);

            // Without awaitIdle, which would dispatch by itself: the queue's own retry must run it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (service.get(id).status() != TaskStatus.COMPLETED) {
                assertTrue(System.nanoTime() - deadline < 0, "the queue never tried again (R32)");
                TimeUnit.MILLISECONDS.sleep(20);
            }
            assertEquals("ran", service.get(id).message());
            assertTrue(failuresLeft.get() <= 0);
        }
    }
}
