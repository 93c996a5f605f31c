package dev.taskhost.store.sqlite;

import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.OwnerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Claims for the store's own tests: no limit but {@code max}, one lease per test JVM. */
public final class Claims {

    /** The lease these tests' claims take. */
    public static final Lease LEASE = new Lease("test-host", Duration.ofSeconds(30));

    private Claims() {
    }

    /** Claims at most {@code max} ready tasks of the queue, with no concurrency limit and no delay. */
    public static List<ClaimedTask> claim(OwnerStore owner, String queue, int max, Instant now) {
        return owner.claim(new ClaimRequest(queue, max, Integer.MAX_VALUE, Duration.ZERO, now, LEASE)).claimed();
    }
}
