package dev.taskhost.core.internal;

import dev.taskhost.core.QueueActivity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-minute counts of this host's starts, completions and failures over the last hour, per queue,
 * for the operator's charts. Memory is fixed per queue (60 minutes of three counters); counting is
 * a short lock on the queue's own counters, taken outside every dispatch lock. Thread-safe.
 */
final class HostActivity {
    static final int MINUTES = 60;
    private static final long MINUTE_MILLIS = 60_000;

    private final Map<String, Counters> queues = new ConcurrentHashMap<>();

    void started(String owner, String queue, Instant at) {
        counters(owner, queue).add(at, 0);
    }

    /** A run ended: completed, or an attempt that failed; a run given back by shutdown counts neither. */
    void ended(String owner, String queue, boolean completed, boolean usedAttempt, Instant at) {
        if (usedAttempt) {
            counters(owner, queue).add(at, completed ? 1 : 2);
        }
    }

    Optional<QueueActivity> of(String owner, String queue, Instant now) {
        Counters counters = queues.get(key(owner, queue));
        return counters == null ? Optional.empty() : Optional.of(counters.snapshot(now));
    }

    /** No activity: the hour before {@code now}, all zeros. */
    static QueueActivity none(Instant now) {
        return new Counters().snapshot(now);
    }

    /**
     * The sum of several hosts' counts, over the hour before {@code now}: each is placed by its own
     * first minute, and minutes outside that hour are left out. Empty when {@code parts} is.
     */
    static Optional<QueueActivity> sum(List<QueueActivity> parts, Instant now) {
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        long last = Math.floorDiv(now.toEpochMilli(), MINUTE_MILLIS);
        long first = last - MINUTES + 1;
        long[][] totals = new long[3][MINUTES];
        for (QueueActivity part : parts) {
            long partFirst = Math.floorDiv(part.firstMinute().toEpochMilli(), MINUTE_MILLIS);
            List<List<Long>> series = List.of(part.starts(), part.completions(), part.failures());
            for (int kind = 0; kind < 3; kind++) {
                List<Long> counts = series.get(kind);
                for (int i = 0; i < counts.size(); i++) {
                    long minute = partFirst + i;
                    if (minute >= first && minute <= last) {
                        totals[kind][(int) (minute - first)] += counts.get(i);
                    }
                }
            }
        }
        List<List<Long>> out = new ArrayList<>();
        for (long[] kind : totals) {
            List<Long> list = new ArrayList<>(MINUTES);
            for (long n : kind) {
                list.add(n);
            }
            out.add(list);
        }
        return Optional.of(new QueueActivity(Instant.ofEpochMilli(first * MINUTE_MILLIS), out.get(0), out.get(1),
                out.get(2)));
    }

    private Counters counters(String owner, String queue) {
        return queues.computeIfAbsent(key(owner, queue), k -> new Counters());
    }

    private static String key(String owner, String queue) {
        // Owner ids have no NUL (R3), so the pair is unambiguous.
        return owner + '\0' + queue;
    }

    private static final class Counters {
        private final long[] minuteOf = new long[MINUTES];
        private final long[][] counts = new long[3][MINUTES];

        synchronized void add(Instant at, int kind) {
            long minute = Math.floorDiv(at.toEpochMilli(), MINUTE_MILLIS);
            int slot = Math.floorMod(minute, MINUTES);
            if (minuteOf[slot] != minute) {
                minuteOf[slot] = minute;
                for (long[] count : counts) {
                    count[slot] = 0;
                }
            }
            counts[kind][slot]++;
        }

        synchronized QueueActivity snapshot(Instant now) {
            long last = Math.floorDiv(now.toEpochMilli(), MINUTE_MILLIS);
            long first = last - MINUTES + 1;
            List<List<Long>> series = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (long minute = first; minute <= last; minute++) {
                int slot = Math.floorMod(minute, MINUTES);
                for (int kind = 0; kind < 3; kind++) {
                    series.get(kind).add(minuteOf[slot] == minute ? counts[kind][slot] : 0L);
                }
            }
            return new QueueActivity(Instant.ofEpochMilli(first * MINUTE_MILLIS), series.get(0), series.get(1),
                    series.get(2));
        }
    }
}
