package dev.taskhost.testkit;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.testkit.internal.AttemptRunner;
import dev.taskhost.testkit.internal.Claim;
import dev.taskhost.testkit.internal.FakeSchedules;
import dev.taskhost.testkit.internal.InMemoryTasks;
import dev.taskhost.schedule.FireTimes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An in-memory {@link TaskService} of one owner for unit tests: it follows the same rules as the
 * real host (SPEC R1 to R16, R18 to R21, R24, R41 to R54, with the same exceptions and messages), but nothing
 * runs until the test says so. {@link #runDue()} runs, on the calling thread, every task due at the
 * {@link ManualClock}'s time; {@link #advance} moves the clock and does the same, stopping at
 * each schedule's fire time on the way (R50): {@code advance(Duration.ofHours(1))} with an
 * {@code every(10 min)} schedule runs six tasks, each at its fire time. A clock moved by other
 * means (its own {@code advance}) is a downtime for the schedules: the next {@link #runDue()}
 * enqueues one task for each schedule's latest missed fire (R52).
 *
 * <pre>{@code
 * FakeTaskService tasks = FakeTaskService.create(worker);
 * tasks.createQueue("sync", QueueConfig.builder().maxRetries(2).build());
 * String id = tasks.enqueue("sync", payload);
 * tasks.runDue();
 * assertEquals(TaskStatus.COMPLETED, tasks.get(id).status());
 * }</pre>
 *
 * <p>Unlike the host, it keeps nothing on disk (there is no restart, so no R17, R22, R23) and runs
 * one task at a time, so a queue's concurrency only caps how many tasks a worker that calls
 * {@link #runDue()} itself could nest. A queue's timeout (R15) is measured in real time: with one
 * set, the worker runs on a thread of its own, is interrupted once the timeout passes, and a worker
 * that ignores the interrupt is left to finish on its own while its attempt counts as failed.
 *
 * <p>{@code cancel(id, true)} on a running task (R47) interrupts the thread that runs its attempt:
 * the caller of {@link #runDue()}, or the attempt's own thread when the queue has a timeout. The
 * interrupt is cleared from the caller's thread once the attempt ends. Progress reports (R48) are
 * kept in memory at once: there is nothing to coalesce.
 *
 * <p>Thread-safe. A worker may call back into the service (enqueue, get, cancel, even
 * {@code runDue}) from inside an attempt.
 */
public final class FakeTaskService implements TaskService {

    private final String owner;
    private final TaskWorker worker;
    private final ManualClock clock;
    private final InMemoryTasks tasks;
    private final FakeSchedules schedules = new FakeSchedules();

    private FakeTaskService(Builder builder) {
        this.owner = builder.owner;
        this.worker = builder.worker;
        this.clock = builder.clock;
        this.tasks = new InMemoryTasks(builder.owner, builder.maxConcurrency, builder.clock);
    }

    /**
     * A fake of owner {@code "test"} with a budget of 1 (a plugin manifest's default) on a new
     * {@link ManualClock#create() ManualClock}.
     *
     * @throws NullPointerException if {@code worker} is null
     */
    public static FakeTaskService create(TaskWorker worker) {
        return builder().worker(worker).build();
    }

    /** A builder: owner {@code "test"}, budget 1, a new manual clock; the worker must be given. */
    public static Builder builder() {
        return new Builder();
    }

    /** The clock this fake reads; move it with {@link #advance} to run what becomes due. */
    public ManualClock clock() {
        return clock;
    }

    /** The owner id this service belongs to. */
    public String owner() {
        return owner;
    }

    /**
     * Runs, one after another on the calling thread, every task due at the clock's current time:
     * first deleting what retention removed (R21), then starting tasks in readiness order (R11) while
     * each queue's delay (R13) allows, until nothing more can start without the clock moving. A
     * failed attempt with attempts left waits out its backoff (R14), so it runs again only in a later
     * call, once the clock has reached its ready time.
     *
     * <p>If the calling thread is interrupted, no further attempt starts; the interrupt status stays
     * set. An attempt with a timeout that was waited for when the interrupt came is stopped and does
     * not count.
     *
     * @return how many attempts ran
     */
    public int runDue() {
        fireDueSchedules();
        return runReady();
    }

    /** {@link #runDue()} without the schedules' fires: what is ready at the clock's time. */
    private int runReady() {
        tasks.purgeExpired(clock.instant());
        int ran = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Optional<Claim> claim = tasks.claimNext(clock.instant());
            if (claim.isEmpty()) {
                break;
            }
            tasks.finish(claim.get(), AttemptRunner.run(worker, claim.get()), clock.instant());
            ran++;
        }
        return ran;
    }

    /**
     * Moves the clock forward by {@code duration}, then {@link #runDue() runs what is due}. On the
     * way it stops at each schedule's fire time up to the end ({@code duration} after the clock's
     * time at the call), in order, enqueues that fire's task and runs what is then ready (R50, R51):
     * every fire time up to the end has its own task, fired in order, even if a worker moves the
     * clock meanwhile. A worker that moves the clock past a fire time makes that fire's task run
     * late (at the clock's time then) but not skipped; one that moves it past the end leaves the
     * clock there (it never goes back), and the fire times after the end to the next call.
     *
     * @return how many attempts ran
     * @throws NullPointerException if {@code duration} is null
     * @throws IllegalArgumentException if {@code duration} is negative
     */
    public int advance(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: the clock only moves forward, was "
                    + duration);
        }
        // A live host fires each schedule at each fire time: step through them (R50, R51).
        java.time.Instant end = clock.instant().plus(duration);
        int ran = 0;
        Optional<FakeSchedules.Fire> fire = schedules.takeNext(end);
        while (fire.isPresent() && !Thread.currentThread().isInterrupted()) {
            moveClockTo(fire.get().at());
            enqueue(fire.get());
            ran += runReady();
            fire = schedules.takeNext(end);
        }
        moveClockTo(end);
        return ran + runReady();
    }

    /** Sets the clock to {@code at} unless it is there or past it already: a worker may have moved it. */
    private void moveClockTo(java.time.Instant at) {
        while (at.isAfter(clock.instant())) {
            try {
                clock.set(at);
            } catch (IllegalArgumentException passed) {
                // A worker on a thread of its own (a queue with a timeout) moved it past meanwhile.
            }
        }
    }

    /** Enqueues the task of every schedule's latest due fire (R51, R52). */
    private void fireDueSchedules() {
        for (FakeSchedules.Fire fire : schedules.takeDue(now())) {
            enqueue(fire);
        }
    }

    private void enqueue(FakeSchedules.Fire fire) {
        tasks.enqueue(fire.queueName(), fire.payload(),
                EnqueueOptions.builder().runAt(fire.at()).key(fire.key()).build(), now());
    }

    /**
     * Every task of the queue that retention has not removed, in enqueue order.
     *
     * @throws NullPointerException if {@code queueName} is null
     * @throws IllegalArgumentException if the name breaks R5
     * @throws QueueNotFoundException if the queue was not created (R8)
     */
    public List<TaskInfo> tasks(String queueName) {
        TaskLimits.requireQueueName(queueName);
        return tasks.list(queueName, clock.instant());
    }

    /**
     * {@inheritDoc}
     *
     * <p>A queue asking for more concurrency than what is left of the budget gets what is left (R4).
     */
    @Override
    public void createQueue(String name, QueueConfig config) {
        TaskLimits.requireQueueName(name);
        Objects.requireNonNull(config, "config");
        tasks.createQueue(name, config);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The payload is copied: changing the array afterwards changes nothing stored.
     *
     * @throws IllegalArgumentException also if the queue name breaks R5
     */
    @Override
    public String enqueue(String queueName, byte[] payload) {
        return enqueue(queueName, payload, EnqueueOptions.defaults());
    }

    /**
     * {@inheritDoc}
     *
     * <p>The payload is copied: changing the array afterwards changes nothing stored.
     *
     * @throws IllegalArgumentException also if the queue name breaks R5
     */
    @Override
    public String enqueue(String queueName, byte[] payload, EnqueueOptions options) {
        TaskLimits.requireQueueName(queueName);
        TaskLimits.requirePayload(payload);
        Objects.requireNonNull(options, "options");
        return tasks.enqueue(queueName, payload, options, now());
    }

    /**
     * {@inheritDoc}
     *
     * @throws TaskNotFoundException also once retention has removed the task (R21)
     */
    @Override
    public TaskInfo get(String taskId) {
        TaskLimits.requireTaskId(taskId);
        return tasks.get(taskId, clock.instant());
    }

    /**
     * {@inheritDoc}
     *
     * @throws TaskNotCancellableException if the task is not pending (R18)
     */
    @Override
    public void cancel(String taskId) {
        cancel(taskId, false);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A running task's attempt is interrupted; see the class comment for which thread that is.
     */
    @Override
    public void cancel(String taskId, boolean mayInterruptIfRunning) {
        TaskLimits.requireTaskId(taskId);
        tasks.cancel(taskId, mayInterruptIfRunning, now());
    }

    @Override
    public void retry(String taskId) {
        TaskLimits.requireTaskId(taskId);
        tasks.retry(taskId, now());
    }

    @Override
    public void pauseQueue(String queueName) {
        TaskLimits.requireQueueName(queueName);
        tasks.setPaused(queueName, true);
    }

    /** {@inheritDoc} In the fake, the queue's ready tasks start at the next {@link #runDue()}. */
    @Override
    public void resumeQueue(String queueName) {
        TaskLimits.requireQueueName(queueName);
        tasks.setPaused(queueName, false);
    }

    /** {@inheritDoc} The fake has no earlier run: it lists the queues created on it. */
    @Override
    public List<QueueSummary> listQueues() {
        return tasks.queues(now());
    }

    @Override
    public TaskPage listTasks(String queueName, Optional<TaskStatus> status, Optional<String> cursor, int pageSize) {
        TaskLimits.requireQueueName(queueName);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(cursor, "cursor");
        TaskLimits.requirePageSize(pageSize);
        return tasks.page(queueName, status, cursor, pageSize, now());
    }

    /**
     * {@inheritDoc}
     *
     * <p>In the fake, fires happen in {@link #runDue()} and {@link #advance}; the payload is copied.
     */
    @Override
    public void schedule(String name, String queueName, Schedule schedule, byte[] payload) {
        TaskLimits.requireScheduleName(name);
        TaskLimits.requireQueueName(queueName);
        Objects.requireNonNull(schedule, "schedule");
        TaskLimits.requirePayload(payload);
        FireTimes.check(name, schedule);
        tasks.requireCreated(queueName);
        schedules.put(name, queueName, schedule, payload, now());
    }

    @Override
    public void unschedule(String name) {
        TaskLimits.requireScheduleName(name);
        schedules.remove(name);
    }

    @Override
    public List<ScheduleInfo> listSchedules() {
        return schedules.list(now());
    }

    /** The clock's time, to the millisecond, as the host's stores keep it. */
    private java.time.Instant now() {
        return java.time.Instant.ofEpochMilli(clock.millis());
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the queue name breaks R5
     */
    @Override
    public long clearQueue(String queueName) {
        TaskLimits.requireQueueName(queueName);
        return tasks.cancelPending(queueName, clock.instant());
    }

    @Override
    public String toString() {
        return "FakeTaskService[owner=" + owner + ", clock=" + clock.instant() + "]";
    }

    /** Configures a {@link FakeTaskService}. Not thread-safe. */
    public static final class Builder {
        private TaskWorker worker;
        private ManualClock clock = ManualClock.create();
        private String owner = "test";
        private int maxConcurrency = 1;

        private Builder() {
        }

        /**
         * The worker every task of the service is handed to. Required.
         *
         * @throws NullPointerException if {@code worker} is null
         */
        public Builder worker(TaskWorker worker) {
            this.worker = Objects.requireNonNull(worker, "worker");
            return this;
        }

        /**
         * The clock to read, to share one between several fakes; default a new
         * {@link ManualClock#create() ManualClock}.
         *
         * @throws NullPointerException if {@code clock} is null
         */
        public Builder clock(ManualClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The owner id; default {@code "test"}.
         *
         * @throws NullPointerException if {@code owner} is null
         * @throws IllegalArgumentException if it breaks R3
         */
        public Builder owner(String owner) {
            this.owner = TaskLimits.requireOwnerId(owner);
            return this;
        }

        /**
         * The owner's concurrency budget shared by all its queues (R4); default 1.
         *
         * @throws IllegalArgumentException if {@code maxConcurrency < 1}
         */
        public Builder maxConcurrency(int maxConcurrency) {
            if (maxConcurrency < 1) {
                throw new IllegalArgumentException("maxConcurrency must be at least 1 (R4), was " + maxConcurrency);
            }
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /**
         * The fake, with no queues yet.
         *
         * @throws IllegalStateException if no worker was given
         */
        public FakeTaskService build() {
            if (worker == null) {
                throw new IllegalStateException("a worker is required: call worker(...) before build()");
            }
            return new FakeTaskService(this);
        }
    }
}
