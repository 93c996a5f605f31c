package dev.taskhost.console.internal;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong tokens counted per client address: after {@link #MAX_WRONG} within {@link #WINDOW}, the
 * address may not try again until the window that began with its first wrong token ends. A right
 * token does not reset the count, so guessing between two right ones gains nothing. Thread-safe.
 */
final class SignInLimit {
    static final int MAX_WRONG = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    /** Addresses remembered at most; a flood of addresses costs bounded memory. */
    private static final int MAX_ADDRESSES = 10_000;

    private final Clock clock;
    private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();

    SignInLimit(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code address} must wait before it may give a token again; empty if it may now. */
    Optional<Duration> blocked(InetAddress address) {
        Window w = windows.get(address);
        Instant now = clock.instant();
        if (w == null || !w.end.isAfter(now)) {
            return Optional.empty();
        }
        return w.wrong >= MAX_WRONG ? Optional.of(Duration.between(now, w.end)) : Optional.empty();
    }

    /** Counts a wrong token from {@code address}. */
    void wrong(InetAddress address) {
        Instant now = clock.instant();
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(w -> !w.end.isAfter(now));
            if (windows.size() >= MAX_ADDRESSES) {
                // Still full of live windows: forget them rather than grow; the limit is a brake, not a lock.
                windows.clear();
            }
        }
        windows.compute(address, (a, w) -> w == null || !w.end.isAfter(now)
                ? new Window(now.plus(WINDOW), 1) : new Window(w.end, w.wrong + 1));
    }

    private record Window(Instant end, int wrong) {
    }
}
