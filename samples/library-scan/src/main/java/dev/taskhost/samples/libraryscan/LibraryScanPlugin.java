package dev.taskhost.samples.libraryscan;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.plugin.PluginContext;
import dev.taskhost.api.plugin.TaskPlugin;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Scans the folders of a media library on every start, one long task per folder in the queue
 * {@value #QUEUE}: each takes one to seven seconds and reports its progress after every file (R48),
 * which {@code ./taskhost demo} shows as a bar per running scan.
 *
 * <p>Settings ({@code PluginContext.config()}): {@code folders}, how many folders to scan on start
 * (default {@value #DEFAULT_FOLDERS}).
 */
public final class LibraryScanPlugin implements TaskPlugin {

    /** The queue every scan goes through. */
    static final String QUEUE = "scans";
    static final int DEFAULT_FOLDERS = 8;
    static final int MAX_RETRIES = 2;

    /**
     * Two scans at a time. The timeout leaves room for the longest folder (30 files of at most
     * 249 ms); a scan still going after it is interrupted and retried.
     */
    static final QueueConfig QUEUE_CONFIG = QueueConfig.builder()
            .concurrency(2)
            .maxRetries(MAX_RETRIES)
            .backoff(Duration.ofSeconds(1))
            .timeout(Duration.ofSeconds(30))
            .retention(Duration.ofDays(1))
            .build();

    private final SimulatedLibrary library;

    /** The plugin as the host loads it: a library whose files take real time to scan. */
    public LibraryScanPlugin() {
        this(new SimulatedLibrary(Latency.SLEEP));
    }

    LibraryScanPlugin(SimulatedLibrary library) {
        this.library = library;
    }

    /**
     * Creates (or, after a restart, re-opens) the queue and enqueues the folders {@code 1..folders},
     * each with its key ({@code folder-<n>}), skipping those an earlier run already stored: a restart
     * adds no duplicates (R43, R49). Scans left pending by an earlier run, or interrupted by its
     * shutdown, are picked up again by the host as soon as the queue is open.
     *
     * @throws IllegalArgumentException if the {@code folders} setting is not a number from 0 to 10000
     * @throws dev.taskhost.api.PermissionDeniedException if the manifest lacks {@code taskqueue}
     */
    @Override
    public void start(PluginContext context) {
        int folders = Settings.count(context, "folders", DEFAULT_FOLDERS);
        TaskService tasks = context.taskService(new ScanWorker(library));
        tasks.createQueue(QUEUE, QUEUE_CONFIG);
        enqueueBatch(tasks, folders);
    }

    /**
     * Enqueues the folders {@code 1..folders} whose key the queue does not hold yet, finished tasks
     * included: what a start does once the queue is open, and all a restart finds stored.
     *
     * @return how many folders it enqueued
     */
    static int enqueueBatch(TaskService tasks, int folders) {
        Set<String> stored = storedKeys(tasks);
        int enqueued = 0;
        for (int n = 1; n <= folders; n++) {
            String key = "folder-" + n;
            if (!stored.contains(key)) {
                // R43: the key also keeps two starts racing each other from storing one folder twice.
                tasks.enqueue(QUEUE, SimulatedLibrary.folder(n).getBytes(UTF_8), EnqueueOptions.builder().key(key).build());
                enqueued++;
            }
        }
        return enqueued;
    }

    /** The keys of the queue's stored tasks, whatever their status (R49): what an earlier run enqueued. */
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
