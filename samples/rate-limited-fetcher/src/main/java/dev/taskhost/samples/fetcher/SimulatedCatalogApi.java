package dev.taskhost.samples.fetcher;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Stands in for a product catalog API, since the sample makes no network calls. Like many real
 * APIs it has a rate limit: a request that arrives less than {@link #MIN_INTERVAL} after the last
 * one it accepted is refused with {@code 429}. Every seventh page (3, 10, 17, ...) is slow the
 * first time it is asked for (a cold cache: {@link #COLD_RESPONSE}, longer than the plugin's
 * timeout) and quick after that. Thread-safe.
 */
final class SimulatedCatalogApi {
    static final Duration MIN_INTERVAL = Duration.ofMillis(400);
    static final Duration COLD_RESPONSE = Duration.ofMillis(1500);

    private final Clock clock;
    private final Latency latency;
    private final Set<Integer> warmPages = new HashSet<>(); // guarded by this
    private Optional<Instant> lastAccepted = Optional.empty(); // guarded by this

    SimulatedCatalogApi(Clock clock, Latency latency) {
        this.clock = clock;
        this.latency = latency;
    }

    /** Whether the first request for this page takes {@link #COLD_RESPONSE}. */
    static boolean slowWhenCold(int page) {
        return page % 7 == 3;
    }

    /**
     * Fetches the page.
     *
     * @return a summary of the page, as the API answered it
     * @throws IOException with the API's {@code 429} answer, for a request that came too soon
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    String fetch(PageRequest request) throws IOException, InterruptedException {
        Duration responseTime = admit(request);
        latency.take(responseTime);
        return "page " + request.page() + ": " + productsOn(request.page()) + " products (HTTP 200 in "
                + responseTime.toMillis() + " ms)";
    }

    private synchronized Duration admit(PageRequest request) throws IOException {
        Instant now = clock.instant();
        if (lastAccepted.isPresent() && Duration.between(lastAccepted.get(), now).compareTo(MIN_INTERVAL) < 0) {
            throw new IOException("HTTP 429 Too Many Requests from " + request.url() + ": at most one request per "
                    + MIN_INTERVAL.toMillis() + " ms");
        }
        lastAccepted = Optional.of(now);
        if (slowWhenCold(request.page()) && warmPages.add(request.page())) {
            return COLD_RESPONSE;
        }
        return Duration.ofMillis(100 + Math.floorMod(request.page() * 37, 300));
    }

    private static int productsOn(int page) {
        return 20 + Math.floorMod(page * 13, 31);
    }
}
