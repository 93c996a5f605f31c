package dev.taskhost.metrics.micrometer;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.RunOutcome;
import dev.taskhost.core.TaskListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A host's meters in a Micrometer {@link MeterRegistry}, as a {@link TaskListener}:
 * {@code TaskHost.builder().listener(TaskHostMetrics.bindTo(registry))}. Names follow Micrometer's
 * conventions (lowercase, dot-separated; each registry renders them its own way, such as
 * {@code taskhost_tasks_enqueued_total} in Prometheus), and the only tags are {@code owner},
 * {@code queue} and, where it applies, {@code outcome}: never a task id, so the number of meters is
 * bounded by the queues.
 *
 * <ul>
 *   <li>{@value #ENQUEUED} (counter): tasks stored by an enqueue;
 *   <li>{@value #ENDED} (counter, with {@code outcome}): runs that ended, by outcome
 *       ({@code completed}, {@code failed}, {@code retried}, {@code released}, {@code cancelled},
 *       {@code lease_lost});
 *   <li>{@value #EXECUTION} (timer, with {@code outcome}): how long runs took;
 *   <li>{@value #WAIT} (timer): from the time a task became ready to its start;
 *   <li>{@value #RETRIES} (counter): failed attempts that will be retried (R14);
 *   <li>{@value #RECOVERED} (counter): runs recovered from a host that died or lost its lease
 *       (R17, R37);
 *   <li>{@value #LEASES_LOST} (counter): runs this host lost the lease of (R37);
 *   <li>{@value #PENDING} and {@value #RUNNING} (gauges): the queue's tasks in each status, as the
 *       host last read them for its listeners ({@code TaskHost.Builder.countsRefresh}); a scrape reads
 *       the cached value and never queries the store. They appear once a queue's counts are first read.
 * </ul>
 *
 * Thread-safe; each meter is registered once and then looked up in a map.
 */
public final class TaskHostMetrics implements TaskListener {
    /** Counter of tasks stored by an enqueue. */
    public static final String ENQUEUED = "taskhost.tasks.enqueued";
    /** Counter of runs that ended, tagged with their outcome. */
    public static final String ENDED = "taskhost.tasks.ended";
    /** Timer of runs' execution, tagged with their outcome. */
    public static final String EXECUTION = "taskhost.tasks.execution";
    /** Timer of the wait from ready to start. */
    public static final String WAIT = "taskhost.tasks.wait";
    /** Counter of failed attempts that will be retried. */
    public static final String RETRIES = "taskhost.tasks.retries";
    /** Counter of runs recovered from a dead host or an expired lease. */
    public static final String RECOVERED = "taskhost.runs.recovered";
    /** Counter of runs whose lease this host lost. */
    public static final String LEASES_LOST = "taskhost.leases.lost";
    /** Gauge of a queue's pending tasks. */
    public static final String PENDING = "taskhost.tasks.pending";
    /** Gauge of a queue's running tasks. */
    public static final String RUNNING = "taskhost.tasks.running";

    private final MeterRegistry registry;
    private final Map<QueueKey, QueueMeters> queues = new ConcurrentHashMap<>();

    private record QueueKey(String owner, String queue) {
    }

    private TaskHostMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The listener that records into {@code registry}; hand it to {@code TaskHost.Builder.listener}.
     *
     * @throws NullPointerException if {@code registry} is null
     */
    public static TaskHostMetrics bindTo(MeterRegistry registry) {
        return new TaskHostMetrics(Objects.requireNonNull(registry, "registry"));
    }

    @Override
    public void taskEnqueued(Enqueued event) {
        meters(event.owner(), event.queue()).enqueued.increment();
    }

    @Override
    public void taskStarted(Started event) {
        meters(event.owner(), event.queue()).wait.record(event.waited());
    }

    @Override
    public void taskEnded(Ended event) {
        QueueMeters meters = meters(event.owner(), event.queue());
        meters.ended.get(event.outcome()).increment();
        meters.execution.get(event.outcome()).record(event.execution());
        if (event.outcome() == RunOutcome.RETRIED) {
            meters.retries.increment();
        }
    }

    @Override
    public void runsRecovered(Recovered event) {
        meters(event.owner(), event.queue()).recovered.increment(event.count());
    }

    @Override
    public void leaseLost(LeaseLost event) {
        meters(event.owner(), event.queue()).leasesLost.increment();
    }

    @Override
    public void queueCounts(QueueCounts event) {
        QueueMeters meters = meters(event.owner(), event.queue());
        meters.pending.set(event.count(TaskStatus.PENDING));
        meters.running.set(event.count(TaskStatus.RUNNING));
        meters.registerGauges();
    }

    @Override
    public String toString() {
        return "TaskHostMetrics[" + registry.getClass().getSimpleName() + "]";
    }

    private QueueMeters meters(String owner, String queue) {
        return queues.computeIfAbsent(new QueueKey(owner, queue), key -> new QueueMeters(Tags.of("owner", owner,
                "queue", queue)));
    }

    /** One queue's meters, registered once. */
    private final class QueueMeters {
        private final Tags tags;
        final Counter enqueued;
        final Timer wait;
        final Counter retries;
        final Counter recovered;
        final Counter leasesLost;
        final Map<RunOutcome, Counter> ended = new EnumMap<>(RunOutcome.class);
        final Map<RunOutcome, Timer> execution = new EnumMap<>(RunOutcome.class);
        // Held here: Micrometer keeps only a weak reference to a gauge's object.
        final AtomicLong pending = new AtomicLong();
        final AtomicLong running = new AtomicLong();
        private volatile boolean gauges;

        QueueMeters(Tags tags) {
            this.tags = tags;
            enqueued = Counter.builder(ENQUEUED).description("tasks stored by an enqueue").tags(tags)
                    .register(registry);
            wait = Timer.builder(WAIT).description("from the time a task became ready to its start").tags(tags)
                    .register(registry);
            retries = Counter.builder(RETRIES).description("failed attempts that will be retried").tags(tags)
                    .register(registry);
            recovered = Counter.builder(RECOVERED).description("runs recovered from a dead host or an expired lease")
                    .tags(tags).register(registry);
            leasesLost = Counter.builder(LEASES_LOST).description("runs whose lease this host lost").tags(tags)
                    .register(registry);
            for (RunOutcome outcome : RunOutcome.values()) {
                Tags withOutcome = tags.and("outcome", outcome.name().toLowerCase(Locale.ROOT));
                ended.put(outcome, Counter.builder(ENDED).description("runs that ended, by outcome")
                        .tags(withOutcome).register(registry));
                execution.put(outcome, Timer.builder(EXECUTION).description("how long runs took, by outcome")
                        .tags(withOutcome).register(registry));
            }
        }

        void registerGauges() {
            if (gauges) {
                return;
            }
            synchronized (this) {
                if (!gauges) {
                    Gauge.builder(PENDING, pending, AtomicLong::get).description("the queue's pending tasks, as last read")
                            .tags(tags).register(registry);
                    Gauge.builder(RUNNING, running, AtomicLong::get).description("the queue's running tasks, as last read")
                            .tags(tags).register(registry);
                    gauges = true;
                }
            }
        }
    }
}
