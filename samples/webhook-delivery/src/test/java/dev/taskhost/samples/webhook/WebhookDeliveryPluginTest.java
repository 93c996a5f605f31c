package dev.taskhost.samples.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.testkit.FakeTaskService;
import dev.taskhost.testkit.ManualClock;
import dev.taskhost.testkit.TestPluginContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The plugin as its author tests it: started on a fake task service, driven by a manual clock. */
class WebhookDeliveryPluginTest {
    private static final int EVENTS = 20;
    private final SimulatedEndpoint endpoint = new SimulatedEndpoint(duration -> { });

    private FakeTaskService startedWith(Map<String, String> config) {
        TestPluginContext context = context(config);
        new WebhookDeliveryPlugin(endpoint).start(context);
        return context.tasks();
    }

    /** How many attempts the endpoint refuses, per task, in enqueue order. */
    private List<Integer> failuresOf(List<TaskInfo> tasks) {
        List<WebhookDelivery> batch = SampleEvents.batch(EVENTS);
        assertEquals(batch.size(), tasks.size());
        return batch.stream().map(endpoint::failuresBeforeSuccess).toList();
    }

    @Test
    void r43_eachEventIsEnqueuedWithItsKey() {
        FakeTaskService tasks = startedWith(Map.of("events", "3"));
        assertEquals(List.of(Optional.of("event-1"), Optional.of("event-2"), Optional.of("event-3")),
                tasks.tasks(WebhookDeliveryPlugin.QUEUE).stream().map(TaskInfo::key).toList());
    }

    @Test
    void r14_refusedDeliveriesAreRetriedAfterADoublingBackoffAndGiveUpAfterFourAttempts() {
        FakeTaskService tasks = startedWith(Map.of("events", String.valueOf(EVENTS)));
        List<Integer> failures = failuresOf(tasks.tasks(WebhookDeliveryPlugin.QUEUE));
        // The batch must show every case: delivered at once, after 1, 2, 3 retries, and never.
        assertEquals(Set.of(0, 1, 2, 3, 4), new TreeSet<>(failures));

        assertEquals(EVENTS, tasks.runDue(), "every delivery is tried once right away");
        Duration backoff = Duration.ofMillis(500);
        for (int retry = 1; retry <= WebhookDeliveryPlugin.MAX_RETRIES; retry++) {
            int expected = count(failures, retry);
            assertEquals(0, tasks.advance(backoff.minusMillis(1)), "nothing is retried before the backoff, retry " + retry);
            assertEquals(expected, tasks.advance(Duration.ofMillis(1)), "refused deliveries retried, retry " + retry);
            backoff = backoff.multipliedBy(2);
        }
        assertEquals(0, tasks.advance(Duration.ofHours(1)), "no fifth attempt");

        List<TaskInfo> after = tasks.tasks(WebhookDeliveryPlugin.QUEUE);
        for (int i = 0; i < EVENTS; i++) {
            TaskInfo task = after.get(i);
            int refused = failures.get(i);
            if (refused <= WebhookDeliveryPlugin.MAX_RETRIES) {
                assertEquals(TaskStatus.COMPLETED, task.status(), task.toString());
                assertEquals(refused + 1, task.attempt(), task.toString());
            } else {
                assertEquals(TaskStatus.FAILED, task.status(), task.toString());
                assertEquals(WebhookDeliveryPlugin.MAX_RETRIES + 1, task.attempt(), task.toString());
            }
        }
    }

    @Test
    void r16_eachTaskKeepsTheEndpointsLastAnswerAsItsMessage() {
        FakeTaskService tasks = startedWith(Map.of("events", String.valueOf(EVENTS)));
        List<Integer> failures = failuresOf(tasks.tasks(WebhookDeliveryPlugin.QUEUE));
        runUntilNothingIsLeft(tasks);

        List<TaskInfo> after = tasks.tasks(WebhookDeliveryPlugin.QUEUE);
        List<WebhookDelivery> batch = SampleEvents.batch(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            String url = batch.get(i).url();
            String expected = failures.get(i) <= WebhookDeliveryPlugin.MAX_RETRIES
                    ? "HTTP 200 OK from " + url + " on attempt " + (failures.get(i) + 1)
                    : "HTTP 503 Service Unavailable from " + url + " (attempt 4)";
            assertEquals(expected, after.get(i).message());
        }
    }

    @Test
    void r24_aPayloadThatIsNotADeliveryFailsOnlyItsOwnTaskAndSaysWhy() {
        FakeTaskService tasks = startedWith(Map.of("events", "1"));
        String bad = tasks.enqueue(WebhookDeliveryPlugin.QUEUE, "DELETE /everything".getBytes(UTF_8));
        runUntilNothingIsLeft(tasks);

        TaskInfo refused = tasks.get(bad);
        assertEquals(TaskStatus.FAILED, refused.status());
        assertTrue(refused.message().startsWith("not a webhook delivery: the payload must be \"POST <url>\\n<body>\""),
                refused.message());
        TaskInfo good = tasks.tasks(WebhookDeliveryPlugin.QUEUE).get(0);
        assertEquals(TaskStatus.COMPLETED, good.status(), good.toString());
    }

    @Test
    void r50_aDailyDigestIsEnqueuedAt0800BerlinTimeOncePerDay() {
        // 2026-01-01T00:00Z is 01:00 in Berlin (CET, UTC+1): the first digest is due at 07:00Z.
        TestPluginContext context = context(Map.of("events", "0"));
        new WebhookDeliveryPlugin(endpoint).start(context);
        FakeTaskService tasks = context.tasks();
        Instant first = Instant.parse("2026-01-01T07:00:00Z");
        ScheduleInfo digest = tasks.listSchedules().get(0);
        assertEquals(WebhookDeliveryPlugin.DIGEST, digest.name());
        assertEquals(WebhookDeliveryPlugin.DIGEST_QUEUE, digest.queueName());
        assertEquals(Optional.of(first), digest.nextFire());

        assertEquals(0, tasks.advance(Duration.ofHours(7).minusSeconds(1)), "nothing before 08:00 Berlin time");
        assertEquals(1, tasks.advance(Duration.ofDays(1).minusHours(7).plusSeconds(1)), "one digest in the day");
        List<TaskInfo> digests = tasks.tasks(WebhookDeliveryPlugin.DIGEST_QUEUE);
        assertEquals(1, digests.size(), digests.toString());
        TaskInfo task = digests.get(0);
        assertEquals(Optional.of("schedule:daily-digest@" + first), task.key(), "the fire's key (R43)");
        assertEquals(LocalTime.of(8, 0), first.atZone(ZoneId.of("Europe/Berlin")).toLocalTime());
        assertEquals(TaskStatus.COMPLETED, task.status(), task.toString());
        assertEquals("digest: 0 delivered, 0 given up, 0 in progress", task.message());

        assertEquals(1, tasks.advance(Duration.ofDays(1)), "and one the next day");
        assertEquals(List.of(Optional.of("schedule:daily-digest@" + first),
                        Optional.of("schedule:daily-digest@" + first.plus(Duration.ofDays(1)))),
                tasks.tasks(WebhookDeliveryPlugin.DIGEST_QUEUE).stream().map(TaskInfo::key).toList());
    }

    @Test
    void r50_inSummerTheDigestIsStill0800BerlinTime() {
        // Berlin keeps CEST (UTC+2) on 1 July: 08:00 there is 06:00Z.
        TestPluginContext context = TestPluginContext.builder("webhook-delivery").permissions(PluginManifest.TASKQUEUE)
                .maxConcurrency(3).config(Map.of("events", "0"))
                .clock(ManualClock.startingAt(Instant.parse("2026-07-01T00:00:00Z"))).build();
        new WebhookDeliveryPlugin(endpoint).start(context);
        FakeTaskService tasks = context.tasks();
        assertEquals(1, tasks.advance(Duration.ofDays(1)));
        assertEquals(List.of(Optional.of("schedule:daily-digest@2026-07-01T06:00:00Z")),
                tasks.tasks(WebhookDeliveryPlugin.DIGEST_QUEUE).stream().map(TaskInfo::key).toList());
    }

    @Test
    void r53_theDigestIsATaskOfItsOwnQueueThatSumsUpTheDeliveries() {
        TestPluginContext context = context(Map.of("events", String.valueOf(EVENTS)));
        new WebhookDeliveryPlugin(endpoint).start(context);
        FakeTaskService tasks = context.tasks();
        List<Integer> failures = failuresOf(tasks.tasks(WebhookDeliveryPlugin.QUEUE));
        runUntilNothingIsLeft(tasks);
        long givenUp = count(failures, WebhookDeliveryPlugin.MAX_RETRIES + 1);

        tasks.advance(Duration.ofDays(1));
        List<TaskInfo> digests = tasks.tasks(WebhookDeliveryPlugin.DIGEST_QUEUE);
        assertEquals(1, digests.size(), digests.toString());
        assertEquals("digest: " + (EVENTS - givenUp) + " delivered, " + givenUp + " given up, 0 in progress",
                digests.get(0).message());
    }

    @Test
    void r10_theWorkerGetsBackTheDeliveryThatWasEnqueued() {
        WebhookDelivery delivery = SampleEvents.batch(3).get(2);
        assertEquals(delivery, WebhookDelivery.fromPayload(delivery.toPayload()));
        assertEquals("POST https://courier.example/api/hooks\n{\"event\":\"invoice.sent\",\"order\":1003}",
                new String(delivery.toPayload(), UTF_8));
    }

    @Test
    void r28_aBadEventsSettingFailsStartBeforeAnyQueueIsCreatedAndNoneMeansTheDefault() {
        TestPluginContext context = context(Map.of("events", "lots"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new WebhookDeliveryPlugin(endpoint).start(context));
        assertEquals("setting 'events' of plugin 'webhook-delivery' must be a whole number from 0 to 10000, was 'lots'",
                error.getMessage());
        assertFalse(context.askedForTasks());

        FakeTaskService withDefaults = startedWith(Map.of());
        assertEquals(WebhookDeliveryPlugin.DEFAULT_EVENTS, withDefaults.tasks(WebhookDeliveryPlugin.QUEUE).size());
    }

    /** Moves the clock a minute at a time, longer than any backoff here, until no attempt runs. */
    private static void runUntilNothingIsLeft(FakeTaskService tasks) {
        int rounds = 0;
        while (tasks.advance(Duration.ofMinutes(1)) > 0) {
            assertTrue(++rounds <= WebhookDeliveryPlugin.MAX_RETRIES + 1, "more rounds than attempts allowed");
        }
    }

    private static int count(List<Integer> failures, int atLeast) {
        return (int) failures.stream().filter(refused -> refused >= atLeast).count();
    }

    /** What the host hands the plugin, as its manifest (pom.xml) says: the taskqueue permission, a budget of 3 (two deliveries and a digest). */
    private static TestPluginContext context(Map<String, String> config) {
        return TestPluginContext.builder("webhook-delivery").name("Webhook delivery").permissions(PluginManifest.TASKQUEUE)
                .maxConcurrency(3).config(config).build();
    }
}
