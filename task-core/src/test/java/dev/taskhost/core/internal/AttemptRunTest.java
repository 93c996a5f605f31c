package dev.taskhost.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.spi.ClaimedTask;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AttemptRunTest {
    private static final int ROUNDS = 5_000;

    /**
     * R22, R34: a release racing the worker thread's start either keeps the worker from running or
     * interrupts it; it never lets the worker run on unaware, past the shutdown that released it.
     */
    @Test
    void r22_r34_aReleaseAsTheWorkerStartsEitherSkipsTheWorkerOrInterruptsIt() throws Exception {
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        AtomicInteger unaware = new AtomicInteger();
        for (int round = 0; round < ROUNDS && unaware.get() == 0; round++) {
            AtomicInteger ran = new AtomicInteger();
            AttemptRun run = new AttemptRun(new ClaimedTask("task", "q", new byte[0], 1, Instant.EPOCH),
                    QueueConfig.defaults(), task -> {
                        ran.incrementAndGet();
                        try {
                            // Only the release's interrupt ends this early.
                            if (!new CountDownLatch(1).await(2, TimeUnit.SECONDS)) {
                                unaware.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            interrupted.incrementAndGet();
                        }
                        return "";
                    }, "worker", (attempt, outcome) -> { });
            Thread worker = new Thread(run);
            worker.start();
            // Land the release anywhere around the worker's start.
            for (int spin = ThreadLocalRandom.current().nextInt(200); spin > 0; spin--) {
                Thread.onSpinWait();
            }
            run.release();
            worker.join();
            if (ran.get() == 0) {
                skipped.incrementAndGet();
            }
        }
        assertEquals(0, unaware.get(), "a released worker ran without its interrupt (skipped " + skipped
                + ", interrupted " + interrupted + ")");
    }
}
