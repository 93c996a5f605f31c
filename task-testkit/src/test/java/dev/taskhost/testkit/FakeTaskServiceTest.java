package dev.taskhost.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What the fake adds to the contract: runDue, advance, tasks, its builder, and its threading. */
class FakeTaskServiceTest {

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    @Test
    void r47_cancelOfTheRunningAttemptLeavesTheCallersThreadUninterrupted() {
        AtomicReference<FakeTaskService> self = new AtomicReference<>();
        List<Boolean> interruptedInside = new CopyOnWriteArrayList<>();
        FakeTaskService tasks = FakeTaskService.create(task -> {
            if (new String(task.payload(), UTF_8).equals("x")) {
                self.get().cancel(task.taskId(), true);
                interruptedInside.add(Thread.currentThread().isInterrupted());
            }
            return "done";
        });
        self.set(tasks);
        tasks.createQueue("q", QueueConfig.defaults());
        String id = tasks.enqueue("q", "x".getBytes(UTF_8));
        String next = tasks.enqueue("q", "y".getBytes(UTF_8));

        // The interrupt was the cancelled attempt's: cleared once it ended, so runDue goes on.
        assertEquals(2, tasks.runDue());
        assertEquals(List.of(true), interruptedInside);
        assertEquals(false, Thread.currentThread().isInterrupted());
        assertEquals(TaskStatus.CANCELLED, tasks.get(id).status());
        assertEquals(TaskStatus.COMPLETED, tasks.get(next).status());
    }

    @Test
    void r47_cancelOfAnAttemptOnItsOwnThreadInterruptsThatThread() {
        AtomicReference<FakeTaskService> self = new AtomicReference<>();
        FakeTaskService tasks = FakeTaskService.create(task -> {
            self.get().cancel(task.taskId(), true);
            Thread.sleep(Duration.ofMinutes(1).toMillis()); // interrupted at once
            return "slept a minute: never interrupted";
        });
        self.set(tasks);
        tasks.createQueue("q", QueueConfig.builder().timeout(Duration.ofMinutes(5)).build());
        String id = tasks.enqueue("q", "x".getBytes(UTF_8));

        assertEquals(1, tasks.runDue());
        assertEquals(TaskStatus.CANCELLED, tasks.get(id).status());
        assertEquals("", tasks.get(id).message());
        assertEquals(false, Thread.currentThread().isInterrupted());
    }

    @Test
    void r13_r15_delaysAndTimeoutsTooLongForALongSaturateInsteadOfOverflowing() {
        FakeTaskService tasks = FakeTaskService.create(task -> "done");
        Duration endless = Duration.ofSeconds(Long.MAX_VALUE);
        tasks.createQueue("q", QueueConfig.builder().delay(endless).timeout(endless).build());
        String first = tasks.enqueue("q", new byte[0]);
        String second = tasks.enqueue("q", new byte[0]);

        assertEquals(1, tasks.runDue());
        assertEquals(TaskStatus.COMPLETED, tasks.get(first).status());
        assertEquals(0, tasks.advance(Duration.ofDays(365_000)));

        assertEquals(TaskStatus.PENDING, tasks.get(second).status());
    }

    @Test
    void r4_createIsOwnerTestWithTheManifestDefaultBudgetOfOne() {
        FakeTaskService tasks = FakeTaskService.create(task -> "done");
        assertEquals("test", tasks.owner());
        assertEquals(ManualClock.DEFAULT_START, tasks.clock().instant());
        tasks.createQueue("first", QueueConfig.builder().concurrency(4).build());
        IllegalStateException exhausted = assertThrows(IllegalStateException.class,
                () -> tasks.createQueue("second", QueueConfig.defaults()));
        assertEquals("the concurrency budget of owner 'test' is used up: 1/1 allocated (R4)",
                exhausted.getMessage());
    }

    @Test
    void r3_r4_builderChecksItsArguments() {
        assertThrows(IllegalArgumentException.class, () -> FakeTaskService.builder().owner("Bad Owner"));
        assertThrows(NullPointerException.class, () -> FakeTaskService.builder().owner(null));
        assertThrows(IllegalArgumentException.class, () -> FakeTaskService.builder().maxConcurrency(0));
        assertThrows(NullPointerException.class, () -> FakeTaskService.builder().worker(null));
        assertThrows(NullPointerException.class, () -> FakeTaskService.builder().clock(null));
        assertThrows(IllegalStateException.class, () -> FakeTaskService.builder().build());
    }

    @Test
    void fakesBuiltWithOneClockShareIt() {
        ManualClock clock = ManualClock.create();
        FakeTaskService first = FakeTaskService.builder().worker(task -> "1").clock(clock).owner("first").build();
        FakeTaskService second = FakeTaskService.builder().worker(task -> "2").clock(clock).owner("second").build();
        assertSame(clock, first.clock());
        assertSame(clock, second.clock());
        assertNotSame(FakeTaskService.create(task -> "").clock(), FakeTaskService.create(task -> "").clock());
    }

    @Test
    void r20_nothingRunsUntilRunDue() {
        AtomicInteger calls = new AtomicInteger();
        FakeTaskService tasks = FakeTaskService.create(task -> "call " + calls.incrementAndGet());
        tasks.createQueue("q", QueueConfig.defaults());
        String id = tasks.enqueue("q", bytes("x"));
        assertEquals(0, calls.get());
        assertEquals(0, tasks.get(id).attempt());

        assertEquals(1, tasks.runDue());
        assertEquals("call 1", tasks.get(id).message());
        assertEquals(0, tasks.runDue());
    }

    @Test
    void r11_runDueReturnsHowManyAttemptsRanInReadinessOrder() {
        List<String> seen = new CopyOnWriteArrayList<>();
        FakeTaskService tasks = FakeTaskService.builder()
                .worker(task -> {
                    seen.add(new String(task.payload(), UTF_8));
                    return "";
                })
                .maxConcurrency(2)
                .build();
        tasks.createQueue("a", QueueConfig.defaults());
        tasks.createQueue("b", QueueConfig.defaults());
        tasks.enqueue("a", bytes("a1"));
        tasks.clock().advance(Duration.ofSeconds(1));
        tasks.enqueue("b", bytes("b1"));
        tasks.enqueue("a", bytes("a2"));

        assertEquals(3, tasks.runDue());
        assertEquals(List.of("a1", "b1", "a2"), seen);
    }

    @Test
    void r13_advanceMovesTheClockThenRunsWhatBecameDue() {
        FakeTaskService tasks = FakeTaskService.create(task -> "done");
        tasks.createQueue("q", QueueConfig.builder().delay(Duration.ofSeconds(10)).build());
        tasks.enqueue("q", bytes("1"));
        tasks.enqueue("q", bytes("2"));

        assertEquals(1, tasks.runDue());
        assertEquals(0, tasks.advance(Duration.ofSeconds(9)));
        assertEquals(1, tasks.advance(Duration.ofSeconds(1)));
        assertEquals(ManualClock.DEFAULT_START.plusSeconds(10), tasks.clock().instant());
        assertThrows(IllegalArgumentException.class, () -> tasks.advance(Duration.ofSeconds(-1)));
    }

    @Test
    void r14_retryRunsInALaterCallOnceItsReadyTimeIsReached() {
        FakeTaskService tasks = FakeTaskService.create(task -> {
            throw new IOException("no");
        });
        tasks.createQueue("q", QueueConfig.builder().maxRetries(1).backoff(Duration.ofMillis(1)).build());
        String id = tasks.enqueue("q", bytes("x"));

        assertEquals(1, tasks.runDue(), "the retry is 1 ms away, so not in this call");
        assertEquals(TaskStatus.PENDING, tasks.get(id).status());
        assertEquals(1, tasks.advance(Duration.ofMillis(1)));
        assertEquals(TaskStatus.FAILED, tasks.get(id).status());
    }

    @Test
    void r20_tasksListsTheQueueInEnqueueOrder() {
        FakeTaskService tasks = FakeTaskService.builder().worker(task -> "done").maxConcurrency(2).build();
        tasks.createQueue("q", QueueConfig.builder().delay(Duration.ofHours(1)).build());
        tasks.createQueue("other", QueueConfig.defaults());
        String first = tasks.enqueue("q", bytes("1"));
        tasks.enqueue("other", bytes("elsewhere"));
        String second = tasks.enqueue("q", bytes("2"));
        tasks.runDue();

        List<TaskInfo> listed = tasks.tasks("q");
        assertEquals(List.of(first, second), listed.stream().map(TaskInfo::id).toList());
        assertEquals(List.of(TaskStatus.COMPLETED, TaskStatus.PENDING),
                listed.stream().map(TaskInfo::status).toList());
        assertThrows(QueueNotFoundException.class, () -> tasks.tasks("never"));
    }

    @Test
    void r21_getAndTasksDeleteExpiredTasksWithoutRunDue() {
        FakeTaskService tasks = FakeTaskService.create(task -> "done");
        tasks.createQueue("q", QueueConfig.builder().retention(Duration.ofMinutes(1)).build());
        String id = tasks.enqueue("q", bytes("x"));
        tasks.runDue();

        tasks.clock().advance(Duration.ofMinutes(1));
        assertEquals(List.of(), tasks.tasks("q"));
        assertThrows(TaskNotFoundException.class, () -> tasks.get(id));
    }

    @Test
    void workerMayCallBackIntoTheServiceFromAnAttempt() {
        AtomicReference<FakeTaskService> self = new AtomicReference<>();
        FakeTaskService tasks = FakeTaskService.create(task -> {
            if (new String(task.payload(), UTF_8).equals("parent")) {
                String child = self.get().enqueue(task.queueName(), bytes("child"));
                return "spawned " + self.get().get(child).id();
            }
            return "child done";
        });
        self.set(tasks);
        tasks.createQueue("q", QueueConfig.defaults());
        tasks.enqueue("q", bytes("parent"));

        assertEquals(2, tasks.runDue(), "the child became due at the same time, so it ran in the same call");
        assertEquals(List.of(TaskStatus.COMPLETED, TaskStatus.COMPLETED),
                tasks.tasks("q").stream().map(TaskInfo::status).toList());
    }

    @Test
    void r12_runDueNestedInAWorkerStillHonoursConcurrency() {
        AtomicReference<FakeTaskService> self = new AtomicReference<>();
        List<Integer> nested = new CopyOnWriteArrayList<>();
        FakeTaskService tasks = FakeTaskService.create(task -> {
            nested.add(self.get().runDue());
            return "done";
        });
        self.set(tasks);
        tasks.createQueue("q", QueueConfig.defaults());
        tasks.enqueue("q", bytes("1"));
        tasks.enqueue("q", bytes("2"));

        assertEquals(2, tasks.runDue());
        assertEquals(List.of(0, 0), nested, "the queue's one slot was taken by the calling attempt");
    }

    @Test
    void r15_aTimedAttemptRunsOnAThreadOfItsOwn() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        FakeTaskService tasks = FakeTaskService.builder()
                .worker(task -> {
                    threads.add(Thread.currentThread());
                    return "done";
                })
                .maxConcurrency(2)
                .build();
        tasks.createQueue("plain", QueueConfig.defaults());
        tasks.createQueue("timed", QueueConfig.builder().timeout(Duration.ofMinutes(1)).build());
        tasks.enqueue("plain", bytes("x"));
        tasks.runDue();
        tasks.enqueue("timed", bytes("y"));
        tasks.runDue();

        assertEquals(Thread.currentThread(), threads.get(0));
        assertNotSame(Thread.currentThread(), threads.get(1));
    }

    @Test
    void interruptedCallerStartsNothingAndStaysInterrupted() {
        FakeTaskService tasks = FakeTaskService.create(task -> "done");
        tasks.createQueue("q", QueueConfig.defaults());
        String id = tasks.enqueue("q", bytes("x"));
        Thread.currentThread().interrupt();
        try {
            assertEquals(0, tasks.runDue());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals(TaskStatus.PENDING, tasks.get(id).status());
    }

    @Test
    void r24_workerInterruptedOnTheCallersThreadFailsItsAttemptAndKeepsTheInterrupt() {
        FakeTaskService tasks = FakeTaskService.create(task -> {
            throw new InterruptedException("interrupted in the worker");
        });
        tasks.createQueue("q", QueueConfig.defaults());
        String first = tasks.enqueue("q", bytes("1"));
        String second = tasks.enqueue("q", bytes("2"));
        try {
            assertEquals(1, tasks.runDue(), "no further start once the caller is interrupted");
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        assertEquals("interrupted in the worker", tasks.get(first).message());
        assertEquals(TaskStatus.FAILED, tasks.get(first).status());
        assertEquals(TaskStatus.PENDING, tasks.get(second).status());
    }

    @Test
    void r15_callerInterruptedDuringATimedAttemptGetsTheAttemptBack() {
        Thread caller = Thread.currentThread();
        FakeTaskService tasks = FakeTaskService.create(task -> {
            caller.interrupt();
            Thread.sleep(Duration.ofMinutes(1).toMillis()); // until the fake stops this attempt
            return "never";
        });
        tasks.createQueue("q", QueueConfig.builder().timeout(Duration.ofMinutes(1)).build());
        String id = tasks.enqueue("q", bytes("x"));
        try {
            assertEquals(1, tasks.runDue());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        TaskInfo info = tasks.get(id);
        assertEquals(TaskStatus.PENDING, info.status());
        assertEquals(0, info.attempt(), "the stopped attempt does not count");
    }
}
