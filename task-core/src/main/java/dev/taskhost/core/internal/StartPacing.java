package dev.taskhost.core.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When a queue with a delay may start its next task (R13). The store keeps the last start as of
 * the claim (R36: it counts every host's starts and earlier runs'); a worker of this host really
 * starts later than that, by the claim's latency and the hand-over to its thread. Pacing from the
 * claim alone would let two workers start closer than the delay, so this host paces from the later
 * of the two, and claims nothing while a claimed run's worker has not started yet. Thread-safe:
 * worker threads report their starts; the scheduler thread asks for the next slot.
 */
final class StartPacing {
    private final Duration delay;
    private final HostThreads threads;
    private final Set<AttemptRun> startsUnderWay = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Optional<Instant>> latestWorkerStart = new AtomicReference<>(Optional.empty());
    private volatile Optional<Instant> storedLastStart = Optional.empty();

    StartPacing(Duration delay, HostThreads threads) {
        this.delay = delay;
        this.threads = threads;
    }

    /** Whether the queue has a delay at all. */
    boolean paced() {
        return !delay.isZero();
    }

    /** The last start the store holds after a claim. */
    void stored(Optional<Instant> lastStart) {
        storedLastStart = lastStart;
    }

    /** A run was claimed and handed to a worker thread. */
    void claimed(AttemptRun run) {
        if (paced()) {
            startsUnderWay.add(run);
        }
    }

    /**
     * The run's worker starts now, on its own thread.
     *
     * @return whether it was the last start under way, so that the queue may be woken for the next
     */
    boolean workerStarting(AttemptRun run) {
        if (!paced()) {
            return false;
        }
        // Rounded up: the stores keep milliseconds, and a start kept a fraction early would be early.
        Instant now = threads.nowRoundedUp();
        latestWorkerStart.accumulateAndGet(Optional.of(now), StartPacing::later);
        return startsUnderWay.remove(run) && startsUnderWay.isEmpty();
    }

    /** The run ended, whether or not its worker ever started (a release before the start). */
    void ended(AttemptRun run) {
        startsUnderWay.remove(run);
    }

    /** Whether a claimed run's worker has yet to start: its start, not yet known, paces the next. */
    boolean startUnderWay() {
        return !startsUnderWay.isEmpty();
    }

    /** When the next start may come; empty without a delay or before the first start. */
    Optional<Instant> nextSlot() {
        if (!paced()) {
            return Optional.empty();
        }
        return later(storedLastStart, latestWorkerStart.get()).map(this::plusDelayOrMax);
    }

    /** A delay that reaches past the last instant there is means no next slot: never overflow (R13). */
    private Instant plusDelayOrMax(Instant start) {
        return delay.compareTo(Duration.between(start, Instant.MAX)) >= 0 ? Instant.MAX : start.plus(delay);
    }

    private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().isAfter(b.get()) ? a : b;
    }
}
