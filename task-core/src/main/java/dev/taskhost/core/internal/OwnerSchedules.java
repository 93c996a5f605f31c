package dev.taskhost.core.internal;

import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.ScheduleFire;
import dev.taskhost.core.spi.StoredSchedule;
import dev.taskhost.schedule.FireTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner's schedules in this host (R50 to R53): a timer per schedule, set for its next fire,
 * never a poll. A timer that goes off reads the schedule afresh and hands the fire to the store,
 * which applies it only if no one (another host, or this one before a restart) fired it since
 * (R51). A schedule fires only while its queue is created in this host (R53); once the queue is
 * created, a fire missed meanwhile is enqueued once, for the latest missed fire time (R52). On a
 * store other hosts share, {@link #refresh} takes in, once per poll, the schedules other hosts
 * stored, replaced or removed (R35).
 *
 * <p>Thread-safe: the timers are touched on the host's scheduler thread only.
 */
final class OwnerSchedules {
    private static final Logger LOG = LoggerFactory.getLogger(OwnerSchedules.class);
    private static final Duration RETRY_AFTER_STORE_FAILURE = Duration.ofSeconds(1);
    /** A fire that lost the guard re-reads the schedule; more losses than this in a row mean another host keeps firing it. */
    private static final int FIRE_ATTEMPTS = 3;

    private final Owner owner;
    private final HostThreads threads;
    /** By schedule name; touched on the scheduler thread only. */
    private final Map<String, ScheduledFuture<?>> timers = new HashMap<>();
    /**
     * The version of each schedule this host last read, by name, to tell a schedule that another
     * host stored, replaced or removed from one this host already acts on; scheduler thread only.
     */
    private final Map<String, Version> known = new HashMap<>();
    /**
     * Counts this host's own schedules and unschedules, each once its store write returned: a
     * refresh whose read began before one of them may miss it, and changes nothing.
     */
    private final AtomicLong localChanges = new AtomicLong();
    /** Set on the scheduler thread once the owner starts nothing more; read by the refresh too. */
    private volatile boolean stopped;

    /** What tells one stored version of a schedule from another: a replace bumps the revision, a delete and store anew moves the anchor. */
    private record Version(long revision, Instant anchor) {
        static Version of(StoredSchedule stored) {
            return new Version(stored.revision(), stored.anchor());
        }
    }

    OwnerSchedules(Owner owner, HostThreads threads) {
        this.owner = owner;
        this.threads = threads;
    }

    /** Stores the schedule (R50) and sets its timer; arguments are checked but the cron fields. */
    void schedule(String name, String queueName, Schedule schedule, byte[] payload) {
        FireTimes.check(name, schedule);
        owner.queue(queueName);
        owner.store().saveSchedule(name, queueName, FireTimes.spec(schedule), payload.clone(), threads.now());
        localChanges.incrementAndGet();
        onScheduler(() -> run(name));
    }

    /** Removes the schedule (R50) and its timer. */
    void unschedule(String name) {
        owner.store().deleteSchedule(name);
        localChanges.incrementAndGet();
        onScheduler(() -> run(name));
    }

    /** The owner's stored schedules with their last and next fire times (R50). */
    List<ScheduleInfo> list() {
        return infos(owner.store().schedules(), threads.now());
    }

    /**
     * The schedules as listed at {@code now} (R50): the next fire is the latest due one if a fire is
     * due (R52), else the next to come. Also the operator view's read.
     */
    static List<ScheduleInfo> infos(List<StoredSchedule> stored, Instant now) {
        return stored.stream().map(s -> {
            Schedule schedule = FireTimes.fromSpec(s.spec());
            Optional<Instant> due = FireTimes.latestDue(schedule, s.anchor(), s.base(), now);
            Optional<Instant> next = due.isPresent() ? due : FireTimes.next(schedule, s.anchor(), s.base());
            return new ScheduleInfo(s.name(), s.queueName(), schedule, s.lastFire(), next);
        }).toList();
    }

    /** The queue was created in this lifetime: its schedules fire from now on (R53), missed ones once (R52). */
    void queueCreated(String queueName) {
        onScheduler(() -> {
            for (StoredSchedule stored : readAll()) {
                if (stored.queueName().equals(queueName)) {
                    run(stored.name());
                }
            }
        });
    }

    /**
     * Fires every schedule of a created queue whose fire is due at the clock's time, and resets its
     * timer: what a timer would do, for a host whose clock moves by hand. On the scheduler thread.
     */
    void fireDue() {
        for (StoredSchedule stored : readAll()) {
            run(stored.name());
        }
    }

    /**
     * Takes in what other hosts did to the owner's schedules (R35): reads them all, in one store
     * call on the calling thread (a shared-store duty's, so that a slow store holds up no dispatch),
     * then, on the scheduler thread, runs each schedule of a queue created here that is new or was
     * replaced since this host last read it (which fires it if due and sets its timer), and cancels
     * the timers of schedules no longer stored. A schedule read as before keeps its timer. Does
     * nothing while this owner has created no queue here. Never throws.
     */
    void refresh() {
        if (stopped || owner.queues().isEmpty()) {
            return;
        }
        long changesBefore = localChanges.get();
        List<StoredSchedule> stored;
        try {
            stored = owner.store().schedules();
        } catch (RuntimeException e) {
            LOG.warn("owner '{}': reading the schedules for other hosts' changes failed; trying again at the next poll",
                    owner.id(), e);
            return;
        }
        onScheduler(() -> {
            if (stopped || localChanges.get() != changesBefore) {
                // This host changed a schedule meanwhile: the read may predate it. The next poll reads again.
                return;
            }
            Map<String, StoredSchedule> byName = new HashMap<>();
            stored.forEach(schedule -> byName.put(schedule.name(), schedule));
            for (String name : List.copyOf(known.keySet())) {
                if (!byName.containsKey(name)) {
                    known.remove(name);
                    disarm(name);
                }
            }
            for (StoredSchedule schedule : stored) {
                Version version = Version.of(schedule);
                if (version.equals(known.get(schedule.name()))) {
                    continue;
                }
                if (owner.created(schedule.queueName()).isPresent()) {
                    run(schedule.name(), Optional.of(schedule));
                } else {
                    // R53: not here; queueCreated runs it once its queue is created.
                    known.put(schedule.name(), version);
                    disarm(schedule.name());
                }
            }
        });
    }

    /** No fire from now on; on the scheduler thread, where the owner's queues are stopped. */
    void stop() {
        stopped = true;
        timers.values().forEach(timer -> timer.cancel(false));
        timers.clear();
        known.clear();
    }

    private List<StoredSchedule> readAll() {
        try {
            return owner.store().schedules();
        } catch (RuntimeException e) {
            LOG.error("owner '{}': reading the schedules failed", owner.id(), e);
            return List.of();
        }
    }

    /** On the scheduler thread: fires what is due of the schedule, then sets its timer for the next fire. */
    private void run(String name) {
        run(name, Optional.empty());
    }

    /** As {@link #run(String)}, with the schedule as just read, if it was, for the first attempt. */
    private void run(String name, Optional<StoredSchedule> justRead) {
        disarm(name);
        if (stopped) {
            return;
        }
        try {
            for (int attempt = 0; attempt < FIRE_ATTEMPTS; attempt++) {
                Optional<StoredSchedule> read = attempt == 0 && justRead.isPresent()
                        ? justRead : owner.store().schedule(name);
                if (read.isEmpty()) {
                    known.remove(name);
                    return;
                }
                StoredSchedule stored = read.get();
                known.put(name, Version.of(stored));
                Optional<QueueDispatcher> queue = owner.created(stored.queueName());
                if (queue.isEmpty()) {
                    // R53: it fires once its queue is created here (see queueCreated).
                    return;
                }
                Schedule schedule = FireTimes.fromSpec(stored.spec());
                Instant now = threads.now();
                Optional<Instant> due = FireTimes.latestDue(schedule, stored.anchor(), stored.base(), now);
                if (due.isEmpty()) {
                    FireTimes.next(schedule, stored.anchor(), stored.base()).ifPresent(next -> arm(name, next));
                    return;
                }
                NewTask task = new NewTask(TaskIds.next(), stored.queueName(), stored.payload(), now, due.get(), 0,
                        Optional.of(key(name, due.get())));
                if (owner.store().fire(new ScheduleFire(stored, task)).isPresent()) {
                    queue.get().wake();
                    FireTimes.next(schedule, stored.anchor(), due.get()).ifPresent(next -> arm(name, next));
                    return;
                }
                // Another host fired it, or it was replaced, since it was read: read it again.
            }
            arm(name, threads.now().plus(RETRY_AFTER_STORE_FAILURE));
        } catch (RuntimeException | Error e) {
            LOG.error("owner '{}' schedule '{}': firing failed; trying again in {}", owner.id(), name,
                    RETRY_AFTER_STORE_FAILURE, e);
            arm(name, threads.now().plus(RETRY_AFTER_STORE_FAILURE));
        }
    }

    /** The fire's key (R43): the schedule and the fire time, so one fire is one task. */
    static String key(String name, Instant fireTime) {
        return "schedule:" + name + "@" + fireTime;
    }

    private void arm(String name, Instant at) {
        try {
            timers.put(name, threads.scheduler().schedule(() -> run(name), threads.millisUntil(at),
                    TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException closed) {
            LOG.debug("owner '{}' schedule '{}': the host is closed", owner.id(), name);
        }
    }

    private void disarm(String name) {
        ScheduledFuture<?> timer = timers.remove(name);
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void onScheduler(Runnable step) {
        try {
            threads.scheduler().execute(step);
        } catch (RejectedExecutionException closed) {
            LOG.debug("owner '{}': the host is closed; no schedule timer set", owner.id());
        }
    }
}
