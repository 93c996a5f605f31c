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
        out.append("## taskhost on PostgreSQL, one host\n\n");
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
        out.append("- not measured: several hosts on one schema. The host does not yet act on other hosts' ")
                .append("wake-ups, renew leases or poll for expired runs (core work in progress), so multi-host ")
                .append("figures would measure that gap, not the store\n");
        out.append("- run took ").append(run.elapsed().toSeconds()).append(" s; load average (1 min) ")
                .append(Format.load(run.loadBefore())).append(" before, ").append(Format.load(run.loadAfter()))
                .append(" after. The machine is shared: figures are noisy, as the two raw limits show.\n\n");
        out.append("| scenario | taskhost | raw PostgreSQL, same run | ratio |\n");
        out.append("|---|---:|---:|---:|\n");
        for (Report.Row row : rows(run)) {
            out.append("| ").append(row.scenario()).append(" | ").append(row.figure()).append(" | ")
                    .append(row.limit()).append(" | ").append(row.ratio()).append(" |\n");
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
        run.drain4().ifPresent(drain -> rows.add(rated("drain, concurrency 4", Format.rate(drain, "tasks"), drain,
                Format.rate(four.pairs(), "pairs") + " claim+finish, 4 connections", four.pairs())));
        return rows;
    }

    private static Report.Row rated(String scenario, String figure, double perSecond, String limitText, double limit) {
        return new Report.Row(scenario, figure, limitText, Format.ratio(perSecond / limit));
    }

    private static String rates(double before, double after, String unit) {
        return Format.rate(before, unit) + " / " + Format.rate(after, unit);
    }
}
