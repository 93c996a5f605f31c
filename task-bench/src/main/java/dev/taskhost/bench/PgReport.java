package dev.taskhost.bench;

import java.util.ArrayList;
import java.util.List;

/** The markdown report of the PostgreSQL scenarios: every figure beside the raw-PostgreSQL limit of the same run. */
final class PgReport {

    private static final String NONE = "—";

    private PgReport() {
    }

    /** The report in markdown, ending with a blank line. */
    static String render(Machine machine, PgRunResult run) {
        StringBuilder out = new StringBuilder();
        PgRawLimit.Result before = run.rawBefore();
        PgRawLimit.Result after = run.rawAfter();
        out.append("## taskhost on PostgreSQL\n\n");
        out.append("- machine: ").append(machine.describe()).append('\n');
        out.append("- server: ").append(run.server()).append('\n');
        out.append("- store: ").append(PgHosts.describe()).append('\n');
        out.append("- raw limit on a plain jobs table (id primary key, one index on queue, status, ready_at; claim ")
                .append("`UPDATE … WHERE id = (SELECT … ORDER BY ready_at LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING`, ")
                .append("finish `UPDATE … WHERE id = ?`, each in auto-commit), measured before / after the scenarios; ")
                .append("ratios use the better: 1 connection insert ")
                .append(rates(before.oneConnection().inserts(), after.oneConnection().inserts(), "tx"))
                .append(", claim+finish ").append(rates(before.oneConnection().pairs(), after.oneConnection().pairs(), "pairs"))
                .append("; 4 connections insert ")
                .append(rates(before.fourConnections().inserts(), after.fourConnections().inserts(), "tx"))
                .append(", claim+finish ")
                .append(rates(before.fourConnections().pairs(), after.fourConnections().pairs(), "pairs")).append('\n');
        out.append("- sizes: raw ").append(Format.count(run.sizes().raw())).append(" per connection count")
                .append(" · enqueue ").append(Format.count(run.sizes().enqueue()))
                .append(" · drain backlog ").append(Format.count(run.sizes().drain()))
                .append(" (written through TaskService.enqueue from 4 threads)\n");
        run.dbScheduler().ifPresent(peer -> out.append("- peer: ").append(DbSchedulerBench.describe())
                .append("; the same no-op workload, on the same server, each figure in a schema of its own. ")
                .append("JobRunr 8.x: not measured, not available on this machine's package registry\n"));
        out.append("- run took ").append(run.elapsed().toSeconds()).append(" s; load average (1 min) ")
                .append(Format.load(run.loadBefore())).append(" before, ").append(Format.load(run.loadAfter()))
                .append(" after. The machine is shared: figures are noisy, as the two raw limits show.\n\n");
        out.append("| scenario | taskhost | raw PostgreSQL, same run | ratio |\n");
        out.append("|---|---:|---:|---:|\n");
        for (Report.Row row : rows(run)) {
            out.append("| ").append(row.scenario()).append(" | ").append(row.figure()).append(" | ")
                    .append(row.limit()).append(" | ").append(row.ratio()).append(" |\n");
        }
        List<Targets.Verdict> verdicts = targets(run);
        out.append("\n| target | measured | verdict |\n");
        out.append("|---|---:|---|\n");
        for (Targets.Verdict verdict : verdicts) {
            out.append("| ").append(verdict.target()).append(" | ").append(verdict.measured()).append(" | ")
                    .append(verdict.verdict()).append(" |\n");
        }
        return out.append('\n').toString();
    }

    /** The table's rows, for the scenarios that ran. */
    static List<Report.Row> rows(PgRunResult run) {
        PgRawLimit.Rates one = run.raw().oneConnection();
        PgRawLimit.Rates four = run.raw().fourConnections();
        List<Report.Row> rows = new ArrayList<>();
        rows.add(new Report.Row("raw: single-row insert transactions, 1 connection", NONE,
                Format.rate(one.inserts(), "tx"), NONE));
        rows.add(new Report.Row("raw: claim (SKIP LOCKED) + finish transaction pairs, 1 connection", NONE,
                Format.rate(one.pairs(), "pairs"), NONE));
        rows.add(new Report.Row("raw: single-row insert transactions, 4 connections", NONE,
                Format.rate(four.inserts(), "tx"), NONE));
        rows.add(new Report.Row("raw: claim (SKIP LOCKED) + finish transaction pairs, 4 connections", NONE,
                Format.rate(four.pairs(), "pairs"), NONE));
        run.enqueue().ifPresent(enqueue -> {
            rows.add(rated("enqueue, 1 thread", Format.rate(enqueue.oneThread(), "calls"), enqueue.oneThread(),
                    Format.rate(one.inserts(), "tx") + " insert, 1 connection", one.inserts()));
            rows.add(rated("enqueue, 4 threads", Format.rate(enqueue.fourThreads(), "calls"), enqueue.fourThreads(),
                    Format.rate(four.inserts(), "tx") + " insert, 4 connections", four.inserts()));
        });
        run.drain4().forEach((hosts, drain) -> rows.add(rated("drain, concurrency 4, " + hosts
                        + (hosts == 1 ? " host" : " hosts"), Format.rate(drain, "tasks"), drain,
                Format.rate(four.pairs(), "pairs") + " claim+finish, 4 connections", four.pairs())));
        run.crossHost().ifPresent(latency -> rows.add(new Report.Row(
                "idle enqueue-to-start, enqueued on one host and run on another, p50 / p99 / max",
                Format.latencies(latency), NONE, NONE)));
        run.dbScheduler().ifPresent(peer -> {
            run.enqueue().ifPresent(enqueue -> {
                rows.add(peer("db-scheduler: scheduleIfNotExists, 1 thread", peer.enqueueOne(), "calls",
                        enqueue.oneThread()));
                rows.add(peer("db-scheduler: scheduleIfNotExists, 4 threads", peer.enqueueFour(), "calls",
                        enqueue.fourThreads()));
            });
            Double oneHost = run.drain4().get(1);
            if (oneHost != null) {
                rows.add(peer("db-scheduler: drain, 4 threads, 1 node", peer.drain(), "tasks", oneHost));
            }
            rows.add(new Report.Row("db-scheduler: idle schedule-to-start, scheduled by a client, run by a scheduler "
                    + "polling every " + DbSchedulerBench.POLL.toMillis() + " ms, p50 / p99 / max ("
                    + peer.crossNode().count() + " samples)", Format.latencies(peer.crossNode()), NONE,
                    run.crossHost().map(ours -> "taskhost p99 " + Format.ratio(peer.crossNode().p99()
                            / (double) ours.p99()) + " faster").orElse(NONE)));
        });
        return rows;
    }

    /** A peer's figure; the ratio is taskhost's figure over the peer's. */
    private static Report.Row peer(String scenario, double perSecond, String unit, double ours) {
        return new Report.Row(scenario, Format.rate(perSecond, unit), NONE,
                "taskhost " + Format.ratio(ours / perSecond) + " the peer");
    }

    /** The targets on PostgreSQL, for the scenarios that ran. */
    static List<Targets.Verdict> targets(PgRunResult run) {
        List<Targets.Verdict> verdicts = new ArrayList<>();
        PgRawLimit.Rates one = run.raw().oneConnection();
        PgRawLimit.Rates four = run.raw().fourConnections();
        run.enqueue().ifPresent(enqueue -> {
            verdicts.add(Targets.ratioAtLeast("enqueue, 1 thread ≥ 0.9 × raw insert, 1 connection",
                    enqueue.oneThread() / one.inserts(), 0.9));
            verdicts.add(Targets.ratioAtLeast("enqueue, 4 threads ≥ 0.9 × raw insert, 4 connections",
                    enqueue.fourThreads() / four.inserts(), 0.9));
        });
        Double oneHost = run.drain4().get(1);
        if (oneHost != null) {
            verdicts.add(Targets.ratioAtLeast("drain, concurrency 4, 1 host ≥ 1.5 × raw claim+finish, 4 connections",
                    oneHost / four.pairs(), 1.5));
        }
        run.crossHost().ifPresent(latency -> {
            verdicts.add(Targets.atMost("enqueue-to-start across hosts p50 ≤ 5 ms", latency.p50() / 1e6, 5, "ms"));
            verdicts.add(Targets.atMost("enqueue-to-start across hosts p99 ≤ 20 ms", latency.p99() / 1e6, 20, "ms"));
        });
        run.dbScheduler().ifPresent(peer -> {
            run.enqueue().ifPresent(enqueue -> {
                verdicts.add(Targets.ratioAtLeast("enqueue, 1 thread ahead of db-scheduler",
                        enqueue.oneThread() / peer.enqueueOne(), 1));
                verdicts.add(Targets.ratioAtLeast("enqueue, 4 threads ahead of db-scheduler",
                        enqueue.fourThreads() / peer.enqueueFour(), 1));
            });
            if (oneHost != null) {
                verdicts.add(Targets.ratioAtLeast("drain, 1 host, ahead of db-scheduler", oneHost / peer.drain(), 1));
            }
            run.crossHost().ifPresent(latency -> verdicts.add(Targets.ratioAtLeast(
                    "enqueue-to-start across hosts p99 ahead of db-scheduler's",
                    peer.crossNode().p99() / (double) latency.p99(), 1)));
        });
        verdicts.add(new Targets.Verdict("ahead of JobRunr 8.x", "not measured", false,
                "JobRunr is not available on this machine's package registry"));
        return verdicts;
    }

    private static Report.Row rated(String scenario, String figure, double perSecond, String limitText, double limit) {
        return new Report.Row(scenario, figure, limitText, Format.ratio(perSecond / limit));
    }

    private static String rates(double before, double after, String unit) {
        return Format.rate(before, unit) + " / " + Format.rate(after, unit);
    }
}
