package dev.taskhost.samples.webhook;

import java.io.IOException;
import java.time.Duration;

/**
 * Stands in for the receivers of the webhooks, since the sample makes no network calls. Like a
 * busy real receiver, it answers {@code 503} to the first few attempts of a delivery and {@code 200}
 * after that. How many attempts fail is fixed by the body's hash: none for three deliveries in
 * ten, one, two or three for two in ten each, and four for one in ten, which, with the plugin's
 * three retries, ends {@code FAILED}. Thread-safe and stateless.
 */
final class SimulatedEndpoint {
    private static final int[] FAILURES_BY_HASH = {0, 0, 0, 1, 1, 2, 2, 3, 3, 4};

    private final Latency latency;

    SimulatedEndpoint(Latency latency) {
        this.latency = latency;
    }

    /** How many attempts of this delivery the endpoint refuses before it accepts one. */
    int failuresBeforeSuccess(WebhookDelivery delivery) {
        return FAILURES_BY_HASH[Math.floorMod(delivery.body().hashCode(), FAILURES_BY_HASH.length)];
    }

    /**
     * Delivers the event as attempt {@code attempt} (1-based).
     *
     * @return the endpoint's answer
     * @throws IOException with the endpoint's error answer, when it refuses this attempt
     * @throws InterruptedException if interrupted while waiting for the answer
     */
    String deliver(WebhookDelivery delivery, int attempt) throws IOException, InterruptedException {
        latency.take(responseTime(delivery, attempt));
        if (attempt <= failuresBeforeSuccess(delivery)) {
            throw new IOException("HTTP 503 Service Unavailable from " + delivery.url() + " (attempt " + attempt + ")");
        }
        return "HTTP 200 OK from " + delivery.url() + " on attempt " + attempt;
    }

    /** 100 to 499 ms, varying with the delivery and the attempt. */
    private static Duration responseTime(WebhookDelivery delivery, int attempt) {
        return Duration.ofMillis(100 + Math.floorMod(delivery.body().hashCode() * 31 + attempt * 97, 400));
    }
}
