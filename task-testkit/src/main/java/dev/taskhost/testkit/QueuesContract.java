package dev.taskhost.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The task service contract for SPEC's section "Queues" (R5 to R8): what every
 * {@link dev.taskhost.api.TaskService} must do there. Every implementation runs it as a nested class
 * of {@link TaskServiceContract}; see there how the tests are written.
 */
public abstract class QueuesContract extends ContractSection {

    /** @param contract the implementation's contract, which makes the services and moves the clock */
    protected QueuesContract(TaskServiceContract contract) {
        super(contract);
    }

    /**
     * R5: empty names, names over 128 bytes of UTF-8 and names with control characters are refused
     * by createQueue, enqueue and clearQueue, naming the rule.
     */
    @Test
    public void r5_badQueueNamesAreRefused() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        for (String bad : List.of("", "a".repeat(129), "€".repeat(43), "line\nbreak", "tab\tname", "nul\u0000",
                "del\u007f", "next-line\u0085")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> service.createQueue(bad, QueueConfig.defaults()), () -> "queue name '" + bad + "'");
            assertTrue(refused.getMessage().contains("R5"), refused.getMessage());
            assertThrows(IllegalArgumentException.class, () -> service.enqueue(bad, bytes("x")), bad);
            assertThrows(IllegalArgumentException.class, () -> service.clearQueue(bad), bad);
        }
        // Nothing was created, and none of the budget of 1 was used.
        service.createQueue("ok", QueueConfig.defaults());
    }

    /**
     * R5: names of 1 to 128 bytes of UTF-8, in any script, work.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r5_goodQueueNamesWork() throws Exception {
        List<String> names = List.of("a", "a".repeat(128), "😀".repeat(32), "€".repeat(42) + "ab",
                "תור-משימות", "قائمة المهام", "with space/and:colon");
        Recorder worker = new Recorder(Recorder::done);
        TaskService service = newService("alpha", names.size(), worker);
        Map<String, String> idByName = new LinkedHashMap<>();
        for (String name : names) {
            service.createQueue(name, QueueConfig.defaults());
            idByName.put(name, service.enqueue(name, bytes(name)));
        }
        runUntilIdle();
        for (String name : names) {
            TaskInfo info = service.get(idByName.get(name));
            assertEquals(name, info.queueName());
            assertEquals(TaskStatus.COMPLETED, info.status());
            assertEquals(name, worker.call(info.id(), 1).queueName());
        }
    }

    /**
     * R6: a queue can be created once; the second createQueue throws and leaves the first config.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r6_creatingAQueueTwiceThrows() throws Exception {
        TaskService service = newService("alpha", 2, new Recorder(Recorder::fail));
        service.createQueue("q", QueueConfig.defaults());
        assertThrows(QueueExistsException.class,
                () -> service.createQueue("q", QueueConfig.builder().maxRetries(5).build()));

        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        TaskInfo info = service.get(id);
        assertEquals(TaskStatus.FAILED, info.status(), "the first config, without retries, stayed");
        assertEquals(1, info.attempt());
    }

    /**
     * R7: with the defaults a task is tried once, and tasks start without delay.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_defaultsTryOnceWithoutDelay() throws Exception {
        Recorder worker = new Recorder(task -> {
            if (text(task.payload()).equals("bad")) {
                throw new IOException("bad payload");
            }
            return "ok";
        });
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.defaults());
        String bad = service.enqueue("q", bytes("bad"));
        String first = service.enqueue("q", bytes("first"));
        String second = service.enqueue("q", bytes("second"));
        runUntilIdle();

        assertEquals(TaskStatus.FAILED, service.get(bad).status());
        assertEquals(TaskStatus.COMPLETED, service.get(first).status());
        assertEquals(TaskStatus.COMPLETED, service.get(second).status(), "no delay between starts");
        advance(Duration.ofMinutes(30));
        assertEquals(List.of(1), worker.attempts(bad), "no retry");
    }

    /**
     * R7: a zero concurrency means 1, and takes 1 from the budget.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_zeroConcurrencyMeansOne() throws Exception {
        InFlight worker = new InFlight();
        TaskService service = newService("alpha", 4, worker);
        service.createQueue("zero", QueueConfig.builder().concurrency(0).build());
        service.createQueue("three", QueueConfig.builder().concurrency(3).build());
        IllegalStateException exhausted = assertThrows(IllegalStateException.class,
                () -> service.createQueue("none", QueueConfig.defaults()));
        assertTrue(exhausted.getMessage().contains("4/4"), exhausted.getMessage());

        for (int i = 0; i < 5; i++) {
            service.enqueue("zero", bytes("zero-" + i));
        }
        runUntilIdle();
        assertEquals(5, worker.ran());
        assertTrue(worker.most("zero") <= 1);
    }

    /**
     * R7: a zero backoff means 1 s.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_zeroBackoffMeansOneSecond() throws Exception {
        Recorder worker = new Recorder(Recorder::fail);
        TaskService service = newService("alpha", 1, worker);
        service.createQueue("q", QueueConfig.builder().maxRetries(1).backoff(Duration.ZERO).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(Duration.ofMillis(999));
        assertEquals(List.of(1), worker.attempts(id));
        advance(Duration.ofMillis(1));
        assertEquals(List.of(1, 2), worker.attempts(id));
    }

    /**
     * R7: a zero retention means 1 h.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_zeroRetentionMeansOneHour() throws Exception {
        assertRetention(Duration.ZERO, Duration.ofHours(1));
    }

    /**
     * R7: a retention under 1 minute is raised to 1 minute.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_retentionUnderOneMinuteIsRaisedToIt() throws Exception {
        assertRetention(Duration.ofSeconds(1), QueueConfig.MIN_RETENTION);
    }

    /**
     * R7: a retention over 1 week is lowered to 1 week.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r7_retentionOverOneWeekIsLoweredToIt() throws Exception {
        assertRetention(Duration.ofDays(30), QueueConfig.MAX_RETENTION);
    }

    void assertRetention(Duration asked, Duration kept) throws InterruptedException {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        service.createQueue("q", QueueConfig.builder().retention(asked).build());
        String id = service.enqueue("q", bytes("x"));
        runUntilIdle();
        advance(kept.minusSeconds(1));
        assertEquals(TaskStatus.COMPLETED, service.get(id).status(), "kept until " + kept + " have passed");
        advance(Duration.ofSeconds(2));
        assertThrows(TaskNotFoundException.class, () -> service.get(id), "deleted once " + kept + " have passed");
    }

    /** R7: a negative number or duration is refused naming the setting, and no queue is created. */
    @Test
    public void r7_negativeSettingsAreRefused() {
        TaskService service = newService("alpha", 1, new Recorder(Recorder::done));
        Duration negative = Duration.ofMillis(-1);
        Map<String, Supplier<QueueConfig>> configs = new LinkedHashMap<>();
        configs.put("concurrency", () -> QueueConfig.builder().concurrency(-1).build());
        configs.put("maxRetries", () -> QueueConfig.builder().maxRetries(-1).build());
        configs.put("backoff", () -> QueueConfig.builder().backoff(negative).build());
        configs.put("delay", () -> QueueConfig.builder().delay(negative).build());
        configs.put("retention", () -> QueueConfig.builder().retention(negative).build());
        configs.put("timeout", () -> QueueConfig.builder().timeout(negative).build());
        configs.forEach((setting, config) -> {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> service.createQueue("q", config.get()), setting);
            assertTrue(refused.getMessage().contains(setting), refused.getMessage());
        });
        assertThrows(QueueNotFoundException.class, () -> service.enqueue("q", bytes("x")));
    }

    /**
     * R8: enqueue and clearQueue on a queue the owner has not created (even if another owner has)
     * throw QueueNotFoundException; once created, the queue works.
     *
     * @throws Exception if the test fails
     */
    @Test
    public void r8_enqueueAndClearBeforeCreateThrow() throws Exception {
        TaskService alpha = newService("alpha", 1, new Recorder(Recorder::done));
        TaskService beta = newService("beta", 1, new Recorder(Recorder::done));
        beta.createQueue("q", QueueConfig.defaults());

        for (String queue : List.of("q", "never")) {
            assertThrows(QueueNotFoundException.class, () -> alpha.enqueue(queue, bytes("x")), queue);
            assertThrows(QueueNotFoundException.class, () -> alpha.clearQueue(queue), queue);
        }
        alpha.createQueue("q", QueueConfig.defaults());
        String id = alpha.enqueue("q", bytes("x"));
        runUntilIdle();
        assertEquals(TaskStatus.COMPLETED, alpha.get(id).status());
        assertEquals(0, alpha.clearQueue("q"));
    }
}
