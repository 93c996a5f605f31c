package dev.taskhost.samples.webhook;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers a batch of webhook events on every start. Each event is one task of the queue
 * {@value #QUEUE}; a delivery the endpoint refuses fails its attempt and is retried after
 * {@code 500 ms * 2^(attempt-1)}, up to {@value #MAX_RETRIES} times.
 *
 * <p>Every day at 08:00 Berlin time a cron schedule ({@value #DIGEST}, R50) enqueues a digest into
 * {@value #DIGEST_QUEUE}, whose task sums up the deliveries so far as its message.
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

    /** The queue of the daily digests; one at a time, retried twice, kept a week. */
    static final String DIGEST_QUEUE = "digests";
    static final QueueConfig DIGEST_CONFIG = QueueConfig.builder()
            .concurrency(1)
            .maxRetries(2)
            .retention(Duration.ofDays(7))
            .build();
    /** The schedule's name: its tasks carry the key {@code schedule:daily-digest@<fire time>} (R43). */
    static final String DIGEST = "daily-digest";
    /** 08:00 on Berlin's wall clock, every day, summer time or not. */
    static final Schedule DIGEST_AT = Schedule.cron("0 8 * * *", ZoneId.of("Europe/Berlin"));

    private final SimulatedEndpoint endpoint;

    /** The plugin as the host loads it: an endpoint that answers after a realistic latency. */
    public WebhookDeliveryPlugin() {
        this(new SimulatedEndpoint(Latency.SLEEP));
    }

    WebhookDeliveryPlugin(SimulatedEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /**
     * Creates (or, after a restart, re-opens) the queues, registers the daily digest and enqueues the batch of events, each with
     * its key ({@code event-<n>}), skipping those an earlier run already stored: a restart adds no
     * duplicates (R43, R49). Tasks left pending by an earlier run are picked up again by the host as
     * soon as the queue is open.
     *
     * @throws IllegalArgumentException if the {@code events} setting is not a number from 0 to 10000
     * @throws dev.taskhost.api.PermissionDeniedException if the manifest lacks {@code taskqueue}
     */
    @Override
    public void start(PluginContext context) {
        int events = Settings.count(context, "events", DEFAULT_EVENTS);
        AtomicReference<TaskService> service = new AtomicReference<>();
        TaskService tasks = context.taskService(new DigestWorker(new DeliveryWorker(endpoint), service::get));
        service.set(tasks);
        tasks.createQueue(QUEUE, QUEUE_CONFIG);
        tasks.createQueue(DIGEST_QUEUE, DIGEST_CONFIG);
        // The same schedule at every start changes nothing: its timing and a missed digest are kept (R50, R52).
        tasks.schedule(DIGEST, DIGEST_QUEUE, DIGEST_AT, "digest".getBytes(StandardCharsets.UTF_8));
        Set<String> stored = storedKeys(tasks);
        List<WebhookDelivery> batch = SampleEvents.batch(events);
        for (int i = 0; i < batch.size(); i++) {
            String key = "event-" + (i + 1);
            if (!stored.contains(key)) {
                // R43: the key also keeps two starts racing each other from storing one event twice.
                tasks.enqueue(QUEUE, batch.get(i).toPayload(), EnqueueOptions.builder().key(key).build());
            }
        }
    }

    /**
     * The keys of the queue's stored tasks, whatever their status (R49): what an earlier run
     * enqueued, so that a restart enqueues only the rest and its totals equal the first run's.
     */
    private static Set<String> storedKeys(TaskService tasks) {
        Set<String> keys = new HashSet<>();
        Optional<String> cursor = Optional.empty();
        do {
            TaskPage page = tasks.listTasks(QUEUE, Optional.empty(), cursor, TaskLimits.MAX_PAGE_SIZE);
            page.tasks().forEach(task -> task.key().ifPresent(keys::add));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return keys;
    }
}
