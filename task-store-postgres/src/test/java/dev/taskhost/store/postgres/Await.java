package dev.taskhost.store.postgres;

import dev.taskhost.api.TaskStoreException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The one way this module's tests wait for what other threads, hosts or the server do: poll a condition, bounded. */
final class Await {
    /** How long a test waits when it names no limit: far beyond any wait that passes. */
    static final Duration LIMIT = Duration.ofSeconds(60);
    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Waits until {@code condition} holds, within {@link #LIMIT}.
     *
     * @throws AssertionError naming {@code what} if it does not
     */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, LIMIT, condition);
    }

    /**
     * Waits until {@code condition} holds, within {@code limit}.
     *
     * @throws AssertionError naming {@code what} if it does not
     */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    /**
     * As {@link #await(String, Duration, BooleanSupplier)}, for a condition that calls the store while the
     * server may still be down: a {@link TaskStoreException} from it (R40) counts as not yet.
     */
    static void awaitReachable(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        await(what, limit, () -> {
            try {
                return condition.getAsBoolean();
            } catch (TaskStoreException stillDown) {
                return false;
            }
        });
    }
}
