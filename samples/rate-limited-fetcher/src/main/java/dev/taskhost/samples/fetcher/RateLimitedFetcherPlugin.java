package dev.taskhost.samples.fetcher;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Fetches a batch of catalog pages on every start, one task per page in the queue {@value #QUEUE}.
 * The API allows one request per {@code 400 ms}; the queue starts a fetch at most every
 * {@code 500 ms} ({@code delay}), so none is refused. A fetch still going after one second is
 * interrupted and retried.
 *
 * <p>Settings ({@code PluginContext.config()}): {@code pages}, how many pages to enqueue on start
 * (default {@value #DEFAULT_PAGES}).
 */
public final class RateLimitedFetcherPlugin implements TaskPlugin {

    /** The queue every fetch goes through. */
    static final String QUEUE = "pages";
    static final int DEFAULT_PAGES = 40;
    static final Duration DELAY = Duration.ofMillis(500);
    static final Duration TIMEOUT = Duration.ofSeconds(1);
    static final Duration BACKOFF = Duration.ofSeconds(1);

    /** Two fetches may overlap, but they start at least {@link #DELAY} apart. */
    static final QueueConfig QUEUE_CONFIG = QueueConfig.builder()
            .concurrency(2)
            .delay(DELAY)
            .timeout(TIMEOUT)
            .maxRetries(2)
            .backoff(BACKOFF)
            .retention(Duration.ofDays(1))
            .build();

    private final Clock clock;
    private final Latency latency;

    /** The plugin as the host loads it: an API on the system clock that takes real time to answer. */
    public RateLimitedFetcherPlugin() {
        this(Clock.systemUTC(), Latency.SLEEP);
    }

    RateLimitedFetcherPlugin(Clock clock, Latency latency) {
        this.clock = clock;
        this.latency = latency;
    }

    /**
     * Creates (or, after a restart, re-opens) the queue and enqueues the pages {@code 1..pages},
     * each with its key ({@code page-<n>}), skipping those an earlier run already stored: a restart
     * adds no duplicates (R43, R49). Tasks left pending by an earlier run are picked up again by the
     * host as soon as the queue is open.
     *
     * @throws IllegalArgumentException if the {@code pages} setting is not a number from 0 to 10000
     * @throws dev.taskhost.api.PermissionDeniedException if the manifest lacks {@code taskqueue}
     */
    @Override
    public void start(PluginContext context) {
        int pages = Settings.count(context, "pages", DEFAULT_PAGES);
        // A new API per start: like a real one after a while, its cache starts cold.
        TaskService tasks = context.taskService(new FetchWorker(new SimulatedCatalogApi(clock, latency)));
        tasks.createQueue(QUEUE, QUEUE_CONFIG);
        Set<String> stored = storedKeys(tasks);
        for (int page = 1; page <= pages; page++) {
            String key = "page-" + page;
            if (!stored.contains(key)) {
                // R43: the key also keeps two starts racing each other from storing one page twice.
                tasks.enqueue(QUEUE, new PageRequest(page).toPayload(), EnqueueOptions.builder().key(key).build());
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
