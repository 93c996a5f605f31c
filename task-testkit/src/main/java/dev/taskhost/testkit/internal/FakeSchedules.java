package dev.taskhost.testkit.internal;

import dev.taskhost.api.Schedule;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.schedule.FireTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fake's schedules (R50 to R52), in memory, with the host's fire times ({@link FireTimes}).
 * Thread-safe.
 */
public final class FakeSchedules {

    /** One fire to enqueue: the schedule's task at its fire time, with the host's key. */
    public record Fire(String queueName, byte[] payload, Instant at, String key) {
    }

    private record Entry(String queueName, Schedule schedule, byte[] payload, Instant anchor,
                         Optional<Instant> lastFire) {
        Instant base() {
            return lastFire.orElse(anchor);
        }
    }

    private final Map<String, Entry> schedules = new TreeMap<>();

    /** Stores or replaces the schedule; an equal one keeps its anchor and last fire, as in the host's stores. */
    public synchronized void put(String name, String queueName, Schedule schedule, byte[] payload, Instant now) {
        Entry old = schedules.get(name);
        if (old != null && old.queueName.equals(queueName) && old.schedule.equals(schedule)
                && Arrays.equals(old.payload, payload)) {
            return;
        }
        schedules.put(name, new Entry(queueName, schedule, payload.clone(), now, Optional.empty()));
    }

    public synchronized void remove(String name) {
        schedules.remove(name);
    }

    /** Sorted by name, with their last and next fire times, as the host lists them. */
    public synchronized List<ScheduleInfo> list(Instant now) {
        List<ScheduleInfo> list = new ArrayList<>();
        schedules.forEach((name, entry) -> {
            Optional<Instant> due = FireTimes.latestDue(entry.schedule, entry.anchor, entry.base(), now);
            Optional<Instant> next = due.isPresent() ? due : FireTimes.next(entry.schedule, entry.anchor, entry.base());
            list.add(new ScheduleInfo(name, entry.queueName, entry.schedule, entry.lastFire, next));
        });
        return List.copyOf(list);
    }

    /** Takes the fires due at {@code now}: one per schedule, for its latest due fire time (R52). */
    public synchronized List<Fire> takeDue(Instant now) {
        List<Fire> fires = new ArrayList<>();
        schedules.replaceAll((name, entry) -> {
            Optional<Instant> due = FireTimes.latestDue(entry.schedule, entry.anchor, entry.base(), now);
            if (due.isEmpty()) {
                return entry;
            }
            fires.add(new Fire(entry.queueName, entry.payload.clone(), due.get(), key(name, due.get())));
            return new Entry(entry.queueName, entry.schedule, entry.payload, entry.anchor, due);
        });
        return fires;
    }

    /**
     * Takes the earliest fire of any schedule at or before {@code upTo}, whatever the clock: the
     * next after its last fire, not the latest due, so that a caller stepping through time gives
     * each fire time its task, in order (R51). Ties go by name.
     */
    public synchronized Optional<Fire> takeNext(Instant upTo) {
        String first = null;
        Instant earliest = null;
        for (Map.Entry<String, Entry> named : schedules.entrySet()) {
            Entry entry = named.getValue();
            Optional<Instant> next = FireTimes.next(entry.schedule, entry.anchor, entry.base());
            if (next.isPresent() && !next.get().isAfter(upTo) && (earliest == null || next.get().isBefore(earliest))) {
                first = named.getKey();
                earliest = next.get();
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        Entry entry = schedules.get(first);
        schedules.put(first, new Entry(entry.queueName, entry.schedule, entry.payload, entry.anchor,
                Optional.of(earliest)));
        return Optional.of(new Fire(entry.queueName, entry.payload.clone(), earliest, key(first, earliest)));
    }

    /** The host's key for a fire (R43): the schedule and the fire time. */
    static String key(String name, Instant at) {
        return "schedule:" + name + "@" + at;
    }
}
