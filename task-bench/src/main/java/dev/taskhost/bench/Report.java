package dev.taskhost.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The markdown report of one run: the machine, the settings, a table that sets every figure beside
 * the raw-SQLite limit of the same run, and the targets with met or missed.
 */
final class Report {

    private static final String NONE = "—";
    private static final String PLAIN = "raw, plain jobs table";
    private static final String STORE = "raw, store's schema";

    /**
     * One line of the table.
     *
     * @param scenario what was measured
     * @param figure the host's figure
     * @param limit the raw-SQLite figure it is set beside, or a dash
     * @param ratio figure over limit, or a dash
     */
    record Row(String scenario, String figure, String limit, String ratio) {
    }

    private Report() {
    }

    /** The report in markdown, ending with a blank line. */
    static String render(Machine machine, RunResult run) {
        StringBuilder out = new StringBuilder();
        header(out, machine, run);
        out.append("| scenario | taskhost | raw SQLite, same run | ratio |\n");
        out.append("|---|---:|---:|---:|\n");
        for (Row row : rows(run)) {
            out.append("| ").append(row.scenario()).append(" | ").append(row.figure()).append(" | ")
                    .append(row.limit()).append(" | ").append(row.ratio()).append(" |\n");
        }
        List<Targets.Verdict> verdicts = Targets.check(run);
        if (!verdicts.isEmpty()) {
            out.append("\n| target | measured | verdict |\n");
            out.append("|---|---:|---|\n");
            for (Targets.Verdict verdict : verdicts) {
                out.append("| ").append(verdict.target()).append(" | ").append(verdict.measured()).append(" | ")
                        .append(verdict.verdict()).append(" |\n");
            }
        }
        return out.append('\n').toString();
    }

    private static void header(StringBuilder out, Machine machine, RunResult run) {
        Sizes sizes = run.sizes();
        out.append("## taskhost on SQLite, durability ").append(run.durability()).append("\n\n");
        out.append("- machine: ").append(machine.describe()).append('\n');
        out.append("- durability: ").append(run.durability()).append(" (").append(RawSqlite.describe(run.durability()))
                .append(", for the store and the raw connections alike)\n");
        out.append("- raw limit, measured before / after the scenarios; ratios use the better. Plain jobs table "
                + "(the reference): insert ")
                .append(Format.rate(run.rawBefore().plain().inserts().perSecond(), "tx")).append(" / ")
                .append(Format.rate(run.rawAfter().plain().inserts().perSecond(), "tx")).append(", claim+finish ")
                .append(Format.rate(run.rawBefore().plain().pairs().perSecond(), "pairs")).append(" / ")
                .append(Format.rate(run.rawAfter().plain().pairs().perSecond(), "pairs"))
                .append(". Store's schema (version ").append(StoreLayout.SCHEMA_VERSION).append("): insert ")
                .append(Format.rate(run.rawBefore().storeSchema().inserts().perSecond(), "tx")).append(" / ")
                .append(Format.rate(run.rawAfter().storeSchema().inserts().perSecond(), "tx")).append(", claim+finish ")
                .append(Format.rate(run.rawBefore().storeSchema().pairs().perSecond(), "pairs")).append(" / ")
                .append(Format.rate(run.rawAfter().storeSchema().pairs().perSecond(), "pairs")).append('\n');
        out.append("- plain jobs table: id primary key, queue, status, payload, attempt, ready_at, updated_at, one "
                + "index on (queue, status, ready_at); host figures are set beside it unless a row names the "
                + "store's schema\n");
        out.append("- sizes: raw ").append(Format.count(sizes.raw()))
                .append(" · enqueue ").append(Format.count(sizes.enqueue()))
                .append(" · drain backlog ").append(Format.count(sizes.drain()))
                .append(" · idle latency samples ").append(Format.count(sizes.latency()))
                .append(" · steady load ").append(sizes.loadSeconds()).append(" s")
                .append(" · backlog ").append(Format.count(sizes.backlog())).append(" + ").append(Sizes.OTHER_QUEUES)
                .append(" × ").append(Format.count(sizes.otherBacklog()))
                .append(" · starts ").append(Format.count(sizes.starts()))
                .append(" · owners ").append(Format.count(sizes.owners())).append('\n');
        run.latency().ifPresent(latency -> {
            LatencyBench.Loaded loaded = latency.loaded();
            out.append("- steady load: ").append(Format.rate(loaded.offeredPerSecond(), "tasks")).append(" offered (")
                    .append(latency.loadSource()).append("), ").append(Format.rate(loaded.achievedPerSecond(), "tasks"))
                    .append(" reached, open loop: latency counts from when each enqueue was due\n");
        });
        run.backlog().ifPresent(backlog ->
                out.append("- backlogs written through: ").append(backlog.method().description()).append('\n'));
        out.append("- run took ").append(run.elapsed().toSeconds()).append(" s; load average (1 min) ")
                .append(Format.load(run.loadBefore())).append(" before, ").append(Format.load(run.loadAfter()))
                .append(" after. The machine is shared: figures are noisy, as the two raw limits show.\n\n");
    }

    /** The table's rows, for the scenarios that ran. */
    static List<Row> rows(RunResult run) {
        List<Row> rows = new ArrayList<>();
        RawResult raw = run.raw().plain();
        RawResult store = run.raw().storeSchema();
        rows.add(new Row(PLAIN + ": single-row insert transactions", NONE, Format.rate(raw.inserts().perSecond(), "tx"),
                NONE));
        rows.add(new Row(PLAIN + ": claim + finish transaction pairs", NONE,
                Format.rate(raw.pairs().perSecond(), "pairs"), NONE));
        rows.add(new Row(STORE + ": single-row insert transactions", NONE,
                Format.rate(store.inserts().perSecond(), "tx"),
                Format.ratio(store.inserts().perSecond() / raw.inserts().perSecond()) + " the plain table"));
        rows.add(new Row(STORE + ": claim + finish transaction pairs", NONE,
                Format.rate(store.pairs().perSecond(), "pairs"),
                Format.ratio(store.pairs().perSecond() / raw.pairs().perSecond()) + " the plain table"));
        rows.add(new Row(PLAIN + ": insert tx, then claim tx, p50 / p99 / max", NONE,
                Format.latencies(raw.insertThenClaim()), NONE));
        run.enqueue().ifPresent(enqueue -> {
            rows.add(rated("enqueue, 1 thread", enqueue.oneThread(), "calls", raw.inserts(), "tx"));
            rows.add(rated("enqueue, 4 threads", enqueue.fourThreads(), "calls", raw.inserts(), "tx"));
        });
        run.drain().ifPresent(drain -> {
            rows.add(rated("drain, concurrency 1", drain.concurrency1(), "tasks", raw.pairs(), "pairs"));
            rows.add(rated("drain, concurrency 4", drain.concurrency4(), "tasks", raw.pairs(), "pairs"));
        });
        run.latency().ifPresent(latency -> {
            rows.add(latencyRow("enqueue-to-start, idle host, p50 / p99 / max", latency.idle(), raw));
            rows.add(latencyRow("enqueue-to-start, steady load of "
                    + Format.rate(latency.loaded().offeredPerSecond(), "tasks") + ", p50 / p99 / max",
                    latency.loaded().latency(), raw));
        });
        run.backlog().ifPresent(backlog -> rows.addAll(backlogRows(run.sizes(), store, backlog)));
        run.owners().ifPresent(owners -> rows.addAll(ownersRows(owners, raw)));
        return rows;
    }

    /** Many owners: both drains beside the raw pairs, then threads and open files as the drain went. */
    private static List<Row> ownersRows(ManyOwnersBench.Result owners, RawResult raw) {
        List<Row> rows = new ArrayList<>();
        String queues = ManyOwnersBench.QUEUES + " queues at concurrency " + ManyOwnersBench.CONCURRENCY;
        rows.add(rated("owners: drain, 1 owner × " + queues, owners.oneOwner(), "tasks", raw.pairs(), "pairs"));
        rows.add(new Row("owners: drain, " + ManyOwnersBench.OWNERS + " owners × " + queues + ", all at once",
                Format.rate(owners.manyOwners(), "tasks"), "1 owner: " + Format.rate(owners.oneOwner(), "tasks"),
                Format.ratio(owners.ratio())));
        rows.add(new Row("owners: live threads / open files, before the " + ManyOwnersBench.OWNERS + "-owner drain",
                resources(owners.before()), NONE, NONE));
        rows.add(new Row("owners: live threads / open files, peak during it", resources(owners.peak()), NONE, NONE));
        rows.add(new Row("owners: live threads / open files, right after it", resources(owners.afterDrain()),
                NONE, NONE));
        rows.add(new Row("owners: live threads / open files, after the idle close ("
                + ManyOwnersBench.IDLE_CLOSE_MILLIS + " ms here)", resources(owners.afterIdleClose()), NONE, NONE));
        return rows;
    }

    private static String resources(ManyOwnersBench.Resources resources) {
        return resources.threads() + " / " + (resources.files() < 0 ? "n/a" : Long.toString(resources.files()));
    }

    /** The backlog lives in the store's file, so its rows are set beside raw SQLite on the store's schema. */
    private static List<Row> backlogRows(Sizes sizes, RawResult raw, BacklogBench.Result backlog) {
        List<Row> rows = new ArrayList<>();
        String big = "backlog of " + Format.count(sizes.backlog());
        String small = "backlog of " + Format.count(sizes.starts());
        RawSteps insertsThere = backlog.raw().map(BacklogBench.RawAtBacklog::inserts).orElse(raw.inserts());
        RawSteps pairsThere = backlog.raw().map(BacklogBench.RawAtBacklog::pairs).orElse(raw.pairs());
        String there = backlog.raw().isPresent() ? ", store's schema, " + big : ", store's schema, empty table";
        backlog.raw().ifPresent(atBacklog -> {
            rows.add(rated("backlog: raw single-row insert transactions, store's schema, " + big,
                    atBacklog.inserts().perSecond(), "tx", raw.inserts(), "tx"));
            rows.add(rated("backlog: raw claim + finish transaction pairs, store's schema, " + big,
                    atBacklog.pairs().perSecond(), "pairs", raw.pairs(), "pairs"));
        });
        rows.add(new Row("backlog: enqueue, 1 thread, " + big, Format.rate(backlog.enqueuePerSecond(), "calls"),
                Format.rate(insertsThere.perSecond(), "tx") + " insert" + there,
                Format.ratio(backlog.enqueuePerSecond() / insertsThere.perSecond())));
        rows.add(startRow("backlog: time per start at concurrency 4, " + big, backlog.big(), pairsThere,
                "claim+finish pair" + there));
        rows.add(startRow("backlog: time per start at concurrency 4, " + small, backlog.small(), raw.pairs(),
                "claim+finish pair, store's schema, empty table"));
        rows.add(new Row("backlog: heap used after GC, queue running on the " + big,
                Format.mebibytes(backlog.big().heapUsedAfterGc()),
                "host on the " + small + ": " + Format.mebibytes(backlog.small().heapUsedAfterGc()),
                Format.ratio((double) backlog.big().heapUsedAfterGc() / backlog.small().heapUsedAfterGc())));
        rows.add(restartRow("backlog: build to first start after a restart, " + big, backlog.big(), backlog, big));
        rows.add(restartRow("backlog: build to first start after a restart, " + small, backlog.small(), backlog, big));
        return rows;
    }

    private static Row restartRow(String scenario, BacklogBench.StartRun run, BacklogBench.Result backlog,
                                  String big) {
        String figure = Format.millis(run.buildToFirstStartNanos());
        return backlog.raw()
                .map(atBacklog -> new Row(scenario, figure,
                        Format.millis(atBacklog.openToFirstClaimNanos()) + " open + first claim, " + big,
                        Format.ratio((double) run.buildToFirstStartNanos() / atBacklog.openToFirstClaimNanos())))
                .orElse(new Row(scenario, figure, NONE, NONE));
    }

    private static Row rated(String scenario, double perSecond, String unit, RawSteps limit, String limitUnit) {
        return new Row(scenario, Format.rate(perSecond, unit),
                Format.rate(limit.perSecond(), limitUnit) + (limitUnit.equals("tx") ? " insert" : " claim+finish"),
                Format.ratio(perSecond / limit.perSecond()));
    }

    private static Row latencyRow(String scenario, LatencySample sample, RawResult raw) {
        LatencySample limit = raw.insertThenClaim();
        return new Row(scenario, Format.latencies(sample), Format.latencies(limit) + " insert, then claim",
                "p50 " + Format.ratio((double) sample.p50() / limit.p50())
                        + " · p99 " + Format.ratio((double) sample.p99() / limit.p99()));
    }

    private static Row startRow(String scenario, BacklogBench.StartRun run, RawSteps pairs, String limitText) {
        return new Row(scenario, Format.micros(run.nanosPerStart()),
                Format.micros(pairs.nanosPerStep()) + " per " + limitText,
                Format.ratio(run.nanosPerStart() / pairs.nanosPerStep()));
    }
}
