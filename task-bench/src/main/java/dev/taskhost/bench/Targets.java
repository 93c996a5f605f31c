package dev.taskhost.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The targets, checked against one run's figures. */
final class Targets {

    /** The heap limit with the big backlog. */
    static final long HEAP_LIMIT_BYTES = 128L * 1024 * 1024;

    /**
     * One target and how the run did.
     *
     * @param target the target in words
     * @param measured the figure it is checked against
     * @param met whether the figure meets it
     * @param verdict {@code met}, or by how much it was missed
     */
    record Verdict(String target, String measured, boolean met, String verdict) {
    }

    private Targets() {
    }

    /** The verdicts on every target whose scenario ran. */
    static List<Verdict> check(RunResult run) {
        List<Verdict> verdicts = new ArrayList<>();
        double rawInserts = run.raw().plain().inserts().perSecond();
        double rawPairs = run.raw().plain().pairs().perSecond();
        run.enqueue().ifPresent(enqueue -> {
            verdicts.add(ratioAtLeast("enqueue, 1 thread ≥ 0.9 × raw insert", enqueue.oneThread() / rawInserts, 0.9));
            verdicts.add(ratioAtLeast("enqueue, 4 threads ≥ 2 × raw insert", enqueue.fourThreads() / rawInserts, 2));
        });
        run.drain().ifPresent(drain -> {
            verdicts.add(ratioAtLeast("drain, concurrency 1 ≥ 1 × raw claim+finish", drain.concurrency1() / rawPairs, 1));
            verdicts.add(ratioAtLeast("drain, concurrency 4 ≥ 2 × raw claim+finish", drain.concurrency4() / rawPairs, 2));
        });
        run.latency().ifPresent(latency -> {
            verdicts.add(atMost("idle enqueue-to-start p50 ≤ 1 ms", latency.idle().p50() / 1e6, 1, "ms"));
            verdicts.add(atMost("idle enqueue-to-start p99 ≤ 5 ms", latency.idle().p99() / 1e6, 5, "ms"));
            verdicts.add(atMost("enqueue-to-start under a steady load of half the drain, p99 ≤ 5 ms",
                    latency.loaded().latency().p99() / 1e6, 5, "ms"));
        });
        run.backlog().ifPresent(backlog -> {
            double flatness = backlog.big().nanosPerStart() / backlog.small().nanosPerStart();
            verdicts.add(atMost("backlog: time per start ≤ 2 × that of a small backlog", flatness, 2, "×"));
            verdicts.add(atMost("backlog: heap used after GC ≤ 128 MiB",
                    backlog.big().heapUsedAfterGc() / (1024.0 * 1024), HEAP_LIMIT_BYTES / (1024.0 * 1024), "MiB"));
            verdicts.add(atMost("backlog: restart to first start ≤ 2 s",
                    backlog.big().buildToFirstStartNanos() / 1e9, 2, "s"));
        });
        run.owners().ifPresent(owners -> verdicts.add(ratioAtLeast(
                "many owners: 64 owners × 2 queues, aggregate drain ≥ 0.8 × one owner's", owners.ratio(), 0.8)));
        return verdicts;
    }

    static Verdict ratioAtLeast(String target, double ratio, double wanted) {
        boolean met = ratio >= wanted;
        String verdict = met ? "met" : String.format(Locale.ROOT, "missed by %.0f %%", (1 - ratio / wanted) * 100);
        return new Verdict(target, Format.ratio(ratio), met, verdict);
    }

    static Verdict atMost(String target, double value, double limit, String unit) {
        boolean met = value <= limit;
        String verdict = met ? "met" : "missed: " + Format.ratio(value / limit) + " the limit";
        return new Verdict(target, Format.significant(value) + " " + unit, met, verdict);
    }
}
