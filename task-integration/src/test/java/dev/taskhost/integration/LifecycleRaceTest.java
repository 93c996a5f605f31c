package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.TaskHost;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * R34, each race pinned to its worst moment: a call is held inside the store while the racing
 * lifecycle call is made, then let go. The races suite ({@code RaceSuiteTest}) tries the same at
 * random moments.
 */
class LifecycleRaceTest {
    /** How long a queue that nothing stopped is given to show itself by starting a task. */
    private static final long LATE_START_WINDOW_MILLIS = 2_000;

    @TempDir
    Path data;

    @Test
    void r34_r4_aServiceAskedForWhileItsOwnerStopsWaitsUntilTheOwnerIsStopped() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayReturn = new CountDownLatch(1);
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        try (TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ofMinutes(5)).build()) {
            TaskService first = host.service("app", 1, task -> {
                count(runningNow, mostAtOnce);
                started.countDown();
                mayReturn.await();
                runningNow.decrementAndGet();
                return "first";
            });
            first.createQueue("a", QueueConfig.defaults());
            String longRun = first.enqueue("a", new byte[0]);
            assertTrue(started.await(10, TimeUnit.SECONDS));

            Thread stopping = new Thread(() -> host.stopOwner("app"), "stopping");
            stopping.start();
            while (acceptsCalls(first, longRun)) {
                Thread.onSpinWait();
            }
            // The owner is being stopped, its run going on in the grace. A new service of it, with a
            // budget of 1, must not run a second task beside that run.
            AtomicReference<String> secondTask = new AtomicReference<>();
            CountDownLatch secondStarted = new CountDownLatch(1);
            Thread serving = new Thread(() -> {
                TaskService second = host.service("app", 1, task -> {
                    count(runningNow, mostAtOnce);
                    secondStarted.countDown();
                    runningNow.decrementAndGet();
                    return "second";
                });
                second.createQueue("b", QueueConfig.defaults());
                secondTask.set(second.enqueue("b", new byte[0]));
            }, "serving");
            serving.start();
            ThreadStates.awaitEndedOrParked(serving);
            if (serving.getState() == Thread.State.TERMINATED) {
                // The service did not wait: give its queue the time to show the overlap.
                secondStarted.await(10, TimeUnit.SECONDS);
            }
            mayReturn.countDown();
            stopping.join();
            serving.join();

            assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
            assertEquals(1, mostAtOnce.get(), "two tasks of an owner with a budget of 1 ran at once (R4, R34)");
            TaskService again = host.service("app", 1, task -> "");
            assertEquals("first", again.get(longRun).message());
            assertEquals(TaskStatus.COMPLETED, again.get(secondTask.get()).status());
        }
    }

    @Test
    void r34_aQueueCreatedWhileItsOwnerStopsIsStoppedWithIt() throws Exception {
        String waiting = storeAPendingTask("q");
        CountDownLatch inSave = new CountDownLatch(1);
        CountDownLatch maySave = new CountDownLatch(1);
        SqliteTaskStoreProvider sqlite = SqliteTaskStoreProvider.builder().dataDirectory(data).build();
        WrappedStoreProvider store = WrappedStoreProvider.wrapping(sqlite, "saves held", owner ->
                new ForwardingOwnerStore(owner) {
                    @Override
                    public void saveQueue(String queueName, QueueConfig config, Instant now) {
                        inSave.countDown();
                        await(maySave);
                        super.saveQueue(queueName, config, now);
                    }
                });
        AtomicBoolean stopReturned = new AtomicBoolean();
        AtomicBoolean startedAfterStop = new AtomicBoolean();
        CountDownLatch anyStart = new CountDownLatch(1);
        try (TaskHost host = TaskHost.builder().store(store).shutdownGrace(Duration.ofMinutes(5)).build()) {
            TaskService service = host.service("app", 1, task -> {
                startedAfterStop.compareAndSet(false, stopReturned.get());
                anyStart.countDown();
                return "";
            });
            AtomicReference<Throwable> createFailed = new AtomicReference<>();
            Thread creating = new Thread(() -> {
                try {
                    service.createQueue("q", QueueConfig.defaults());
                } catch (Throwable e) {
                    createFailed.set(e);
                }
            }, "creating");
            creating.start();
            assertTrue(inSave.await(10, TimeUnit.SECONDS));
            Thread stopping = new Thread(() -> {
                host.stopOwner("app");
                stopReturned.set(true);
            }, "stopping");
            stopping.start();
            ThreadStates.awaitEndedOrParked(stopping);
            maySave.countDown();
            creating.join();
            stopping.join();

            // Either the queue was created and stopped with its owner, or it was refused; either
            // way, nothing of it starts once stopOwner has returned.
            if (createFailed.get() != null) {
                assertInstanceOf(IllegalStateException.class, createFailed.get());
            }
            anyStart.await(LATE_START_WINDOW_MILLIS, TimeUnit.MILLISECONDS);
            assertFalse(startedAfterStop.get(), "a worker started after stopOwner returned (R34)");
            TaskService again = host.service("app", 1, task -> "");
            assertTrue(again.get(waiting).status() == TaskStatus.PENDING
                    || again.get(waiting).status() == TaskStatus.COMPLETED);
        }
    }

    @Test
    void r34_r22_aServiceAskedForWhileTheHostClosesIsStoppedByCloseOrRefused() throws Exception {
        CountDownLatch inOpen = new CountDownLatch(1);
        CountDownLatch mayOpen = new CountDownLatch(1);
        SqliteTaskStoreProvider sqlite = SqliteTaskStoreProvider.builder().dataDirectory(data).build();
        WrappedStoreProvider store = WrappedStoreProvider.wrapping(sqlite, "owner opening held", owner -> {
            if (Thread.currentThread().getName().equals("serving")) {
                inOpen.countDown();
                await(mayOpen);
            }
            return owner;
        });
        TaskHost host = TaskHost.builder().store(store).build();
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicReference<Throwable> serviceFailed = new AtomicReference<>();
        AtomicBoolean servedAfterClose = new AtomicBoolean();
        Thread serving = new Thread(() -> {
            try {
                host.service("late", 1, task -> "");
                servedAfterClose.set(closeReturned.get());
            } catch (Throwable e) {
                serviceFailed.set(e);
            }
        }, "serving");
        serving.start();
        assertTrue(inOpen.await(10, TimeUnit.SECONDS));
        Thread closing = new Thread(() -> {
            host.close();
            closeReturned.set(true);
        }, "closing");
        closing.start();
        ThreadStates.awaitEndedOrParked(closing);
        mayOpen.countDown();
        serving.join();
        closing.join();

        // The service came before close, which then stopped its owner, or after, and was refused.
        if (serviceFailed.get() != null) {
            assertInstanceOf(IllegalStateException.class, serviceFailed.get());
        }
        assertFalse(servedAfterClose.get(), "service returned an owner after close had returned (R34)");
    }

    @Test
    void r34_r22_aSecondCloseReturnsOnlyOnceTheFirstHasStoppedEverything() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mayReturn = new CountDownLatch(1);
        TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(Duration.ofMinutes(5)).build();
        TaskService service = host.service("app", 1, task -> {
            started.countDown();
            mayReturn.await();
            return "finished in the grace";
        });
        service.createQueue("q", QueueConfig.defaults());
        String id = service.enqueue("q", new byte[0]);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        Thread first = new Thread(host::close, "first close");
        first.start();
        while (acceptsCalls(service, id)) {
            Thread.onSpinWait();
        }
        Thread second = new Thread(host::close, "second close");
        second.start();
        ThreadStates.awaitEndedOrParked(second);
        boolean returnedDuringTheGrace = !second.isAlive();
        mayReturn.countDown();
        first.join();
        second.join();
        assertFalse(returnedDuringTheGrace, "a second close returned while the first still let a run finish (R34)");
    }

    /** A task stored pending in queue {@code queue} of owner {@code app} by an earlier host. */
    private String storeAPendingTask(String queue) {
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService service = host.service("app", 1, task -> "");
            service.createQueue(queue, QueueConfig.builder().delay(Duration.ofDays(1)).build());
            service.enqueue(queue, new byte[0]);
            return service.enqueue(queue, new byte[0]);
        }
    }

    private static void count(AtomicInteger runningNow, AtomicInteger mostAtOnce) {
        mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
    }

    private static boolean acceptsCalls(TaskService service, String id) {
        try {
            service.get(id);
            return true;
        } catch (IllegalStateException stopped) {
            return false;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the call go on");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

}
