package dev.taskhost.samples.webhook;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.time.Duration;

/**
 * Delivers a batch of webhook events on every start. Each event is one task of the queue
 * {@value #QUEUE}; a delivery the endpoint refuses fails its attempt and is retried after
 * {@code 500 ms * 2^(attempt-1)}, up to {@value #MAX_RETRIES} times.
 *
 * <p>Settings ({@code PluginContext.config()}): {@code events}, how many events to enqueue on start
 * (default {@value #DEFAULT_EVENTS}).
 */
public final class WebhookDeliveryPlugin implements TaskPlugin {

    /** The queue every delivery goes through. */
    static final String QUEUE = "deliveries";
    static final int MAX_RETRIES = 3;
    static final int DEFAULT_EVENTS = 30;

    /** Two deliveries at a time, four attempts each, backoff from half a second. */
    static final QueueConfig QUEUE_CONFIG = QueueConfig.builder()
            .concurrency(2)
            .maxRetries(MAX_RETRIES)
            .backoff(Duration.ofMillis(500))
            .timeout(Duration.ofSeconds(5))
            .retention(Duration.ofDays(1))
            .build();

    private final SimulatedEndpoint endpoint;

    /** The plugin as the host loads it: an endpoint that answers after a realistic latency. */
    public WebhookDeliveryPlugin() {
        this(new SimulatedEndpoint(Latency.SLEEP));
    }

    WebhookDeliveryPlugin(SimulatedEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Creates (or, after a restart, re-opens) the queue and enqueues a new batch of events. Tasks
     * left pending by an earlier run are picked up again by the host as soon as the queue is open.
     *
     * @throws IllegalArgumentException if the {@code events} setting is not a number from 0 to 10000
     * @throws dev.taskhost.api.PermissionDeniedException if the manifest lacks {@code taskqueue}
     */
    @Override
    public void start(PluginContext context) {
        int events = Settings.count(context, "events", DEFAULT_EVENTS);
        TaskService tasks = context.taskService(new DeliveryWorker(endpoint));
        tasks.createQueue(QUEUE, QUEUE_CONFIG);
        for (WebhookDelivery delivery : SampleEvents.batch(events)) {
            tasks.enqueue(QUEUE, delivery.toPayload());
        }
    }
}
