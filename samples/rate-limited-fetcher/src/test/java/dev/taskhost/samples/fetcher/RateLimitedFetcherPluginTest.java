package dev.taskhost.samples.fetcher;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.testkit.FakeTaskService;
import dev.taskhost.testkit.ManualClock;
import dev.taskhost.testkit.TestPluginContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plugin as its author tests it: started on a fake task service, driven by a manual clock. */
class RateLimitedFetcherPluginTest {
    private static final Latency INSTANT = duration -> { };

    private final ManualClock clock = ManualClock.create();

    private FakeTaskService startedWith(Latency latency, Map<String, String> config) {
        TestPluginContext context = context(clock, config);
        new RateLimitedFetcherPlugin(clock, latency).start(context);
        return context.tasks();
    }

    @Test
    void r43_eachPageIsEnqueuedWithItsKey() {
        FakeTaskService tasks = startedWith(INSTANT, Map.of("pages", "3"));
        assertEquals(List.of(Optional.of("page-1"), Optional.of("page-2"), Optional.of("page-3")),
                tasks.tasks(RateLimitedFetcherPlugin.QUEUE).stream().map(TaskInfo::key).toList());
    }

    @Test
    void r13_fetchesStartTheQueuesDelayApartSoTheApiNeverRefusesOne() {
        int pages = 8;
        FakeTaskService tasks = startedWith(INSTANT, Map.of("pages", String.valueOf(pages)));

        assertEquals(1, tasks.runDue(), "the first fetch starts at once");
        for (int page = 2; page <= pages; page++) {
            assertEquals(0, tasks.advance(RateLimitedFetcherPlugin.DELAY.minusMillis(1)), "page " + page + " waits");
            assertEquals(1, tasks.advance(Duration.ofMillis(1)), "page " + page + " starts after the delay");
        }

        List<TaskInfo> fetched = tasks.tasks(RateLimitedFetcherPlugin.QUEUE);
        assertEquals(pages, fetched.size());
        for (int i = 0; i < pages; i++) {
            TaskInfo task = fetched.get(i);
            assertEquals(TaskStatus.COMPLETED, task.status(), task.toString());
            assertEquals(1, task.attempt(), task.toString());
            assertTrue(task.message().startsWith("page " + (i + 1) + ": "), task.message());
        }
    }

    @Test
    void r13_withoutADelayTheApiRefusesTheSecondFetchOfTheSameInstant() {
        FakeTaskService tasks = FakeTaskService.builder()
                .clock(clock)
                .worker(new FetchWorker(new SimulatedCatalogApi(clock, INSTANT)))
                .build();
        tasks.createQueue("no-delay", QueueConfig.defaults());
        String first = tasks.enqueue("no-delay", new PageRequest(1).toPayload());
        String second = tasks.enqueue("no-delay", new PageRequest(2).toPayload());

        assertEquals(2, tasks.runDue());

        assertEquals(TaskStatus.COMPLETED, tasks.get(first).status());
        TaskInfo refused = tasks.get(second);
        assertEquals(TaskStatus.FAILED, refused.status());
        assertEquals("HTTP 429 Too Many Requests from https://api.example/catalog/products?page=2: "
                + "at most one request per 400 ms", refused.message());
    }

    /** Takes real time: the fake measures a queue's timeout on the wall clock. */
    @Test
    void r15_aFetchStillGoingAfterTheTimeoutIsInterruptedAndItsRetrySucceeds() {
        assertTrue(SimulatedCatalogApi.slowWhenCold(3));
        FakeTaskService tasks = startedWith(Latency.SLEEP, Map.of("pages", "3"));
        tasks.runDue();
        tasks.advance(RateLimitedFetcherPlugin.DELAY);
        tasks.advance(RateLimitedFetcherPlugin.DELAY);

        TaskInfo slow = tasks.tasks(RateLimitedFetcherPlugin.QUEUE).get(2);
        assertEquals(TaskStatus.PENDING, slow.status(), slow.toString());
        assertEquals(1, slow.attempt());
        assertTrue(slow.message().contains("timed out"), slow.message());

        assertEquals(0, tasks.advance(RateLimitedFetcherPlugin.BACKOFF.minusMillis(1)), "the retry waits out the backoff");
        assertEquals(1, tasks.advance(Duration.ofMillis(1)));
        TaskInfo retried = tasks.get(slow.id());
        assertEquals(TaskStatus.COMPLETED, retried.status(), retried.toString());
        assertEquals(2, retried.attempt());
        assertTrue(retried.message().startsWith("page 3: "), retried.message());
    }

    @Test
    void r24_aPayloadThatIsNotAPageRequestFailsOnlyItsOwnTaskAndSaysWhy() {
        FakeTaskService tasks = startedWith(INSTANT, Map.of("pages", "1"));
        String bad = tasks.enqueue(RateLimitedFetcherPlugin.QUEUE, "GET https://elsewhere.example/".getBytes(UTF_8));
        while (tasks.advance(Duration.ofMinutes(1)) > 0) {
            // Retries wait out their backoff; a minute is longer than any of them.
        }

        TaskInfo refused = tasks.get(bad);
        assertEquals(TaskStatus.FAILED, refused.status());
        assertEquals(3, refused.attempt(), "maxRetries 2: three attempts");
        assertEquals("not a page request: the payload must be \"GET https://api.example/catalog/products?page=<n>\","
                + " was 'GET https://elsewhere.example/'", refused.message());
        assertEquals(TaskStatus.COMPLETED, tasks.tasks(RateLimitedFetcherPlugin.QUEUE).get(0).status());
    }

    @Test
    void r10_theWorkerGetsBackThePageThatWasEnqueued() {
        PageRequest request = new PageRequest(17);
        assertEquals(request, PageRequest.fromPayload(request.toPayload()));
        assertEquals("GET https://api.example/catalog/products?page=17", new String(request.toPayload(), UTF_8));
    }

    @Test
    void r28_aBadPagesSettingFailsStartBeforeAnyQueueIsCreatedAndNoneMeansTheDefault() {
        TestPluginContext context = context(clock, Map.of("pages", "-1"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RateLimitedFetcherPlugin(clock, INSTANT).start(context));
        assertEquals("setting 'pages' of plugin 'rate-limited-fetcher' must be a whole number from 0 to 10000, was '-1'",
                error.getMessage());
        assertFalse(context.askedForTasks());

        FakeTaskService withDefaults = startedWith(INSTANT, Map.of());
        assertEquals(RateLimitedFetcherPlugin.DEFAULT_PAGES, withDefaults.tasks(RateLimitedFetcherPlugin.QUEUE).size());
    }

    /** What the host hands the plugin, as its manifest (pom.xml) says: the taskqueue permission, a budget of 2. */
    private static TestPluginContext context(ManualClock clock, Map<String, String> config) {
        return TestPluginContext.builder("rate-limited-fetcher").name("Rate-limited fetcher").permissions(PluginManifest.TASKQUEUE)
                .maxConcurrency(2).clock(clock).config(config).build();
    }
}
