package dev.taskhost.bench;

import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line of {@link Bench}.
 *
 * @param sizes how much work each scenario does
 * @param durabilities the settings to run everything under, in order; each gets its own table
 * @param scenarios the scenarios to run besides the raw limit, which always runs
 * @param pg which PostgreSQL the PostgreSQL scenarios use
 * @param directory where the data directories go; empty for a fresh one under {@code target/}
 * @param keep whether to keep the data directories after the run
 * @param help whether only the usage was asked for
 * @param pgDrainHosts the host counts pg-drain runs, 1 up to this
 */
record Options(Sizes sizes, List<Durability> durabilities, Set<Scenario> scenarios, PgTarget pg,
               Optional<Path> directory, boolean keep, boolean help, int pgDrainHosts) {

    static final String USAGE = """
            Usage: Bench [options]
              --quick                 small sizes (a run takes well under a minute)
              --durability D[,D]      NORMAL (default), FULL, or both (NORMAL,FULL): one table each
                                      (SQLite only; PostgreSQL runs with its server's settings)
              --only S[,S]            scenarios on SQLite: raw, enqueue, drain, latency, backlog (the
                                      default), retention, owners (only when named); on PostgreSQL:
                                      pg-raw, pg-enqueue, pg-drain (1, 2 and 3 hosts), pg-latency
                                      (enqueued on one host, run on another), pg-peers (db-scheduler
                                      on the same server).
                                      A database's raw limit runs whenever one of its scenarios does,
                                      as every figure is set beside it
              --pg-url URL            the PostgreSQL scenarios' server, jdbc:postgresql://...; default:
                                      an embedded PostgreSQL 17, started and stopped by the run
              --pg-drain-hosts N      pg-drain runs on 1 up to N hosts (3); it reports the
                                      1-host drain's rate per tenth of the backlog as it goes
              --pg-user U             with --pg-url (postgres)
              --pg-password P         with --pg-url (empty)
              --dir PATH              where the data goes (absent or empty); default: a fresh
                                      directory under target/ that is deleted afterwards
              --keep                  keep the data directories
              sizes (defaults are the issue's; --quick makes them small):
              --raw N                 raw single-row inserts, then as many claim+finish pairs (20,000);
                                      on PostgreSQL, from 1 and from 4 connections
              --enqueue N             enqueue calls per measurement (20,000)
              --drain N               backlog of each drain (100,000); on PostgreSQL it is written
                                      through TaskService.enqueue from 4 threads
              --latency N             enqueue-to-start samples at an idle host (2,000)
              --load-seconds N        duration of the steady load at half the drain rate (10)
              --backlog N             pending tasks in the big queue, and finished
                                      tasks that expire at once in retention (1,000,000)
              --other-backlog N       pending tasks in each of the 10 other queues (10,000)
              --starts N              starts timed from the big backlog and from a small one of N (1,000)
              --owners N              tasks drained by 1 owner, then by 64 owners, 2 queues each (32,000)
              --help                  this text
            """;

    private static final Set<String> SIZE_OPTIONS = Set.of("--raw", "--owners", "--enqueue", "--drain", "--latency",
            "--load-seconds", "--backlog", "--other-backlog", "--starts");

    /**
     * Reads the command line.
     *
     * @throws IllegalArgumentException naming the option and what is wrong with it
     */
    static Options parse(String... args) {
        boolean quick = false;
        boolean keep = false;
        boolean help = false;
        List<Durability> durabilities = List.of(Durability.NORMAL);
        Set<Scenario> scenarios = Scenario.defaults();
        Optional<String> pgUrl = Optional.empty();
        String pgUser = PgTarget.embedded().user();
        String pgPassword = PgTarget.embedded().password();
        Optional<Path> directory = Optional.empty();
        int pgDrainHosts = 3;
        Map<String, Integer> sizeOverrides = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--quick" -> quick = true;
                case "--keep" -> keep = true;
                case "--help", "-h" -> help = true;
                case "--durability" -> durabilities = durabilities(value(args, ++i, option));
                case "--only" -> scenarios = scenarios(value(args, ++i, option));
                case "--dir" -> directory = Optional.of(Path.of(value(args, ++i, option)));
                case "--pg-url" -> pgUrl = Optional.of(value(args, ++i, option));
                case "--pg-user" -> pgUser = value(args, ++i, option);
                case "--pg-drain-hosts" -> pgDrainHosts = number(value(args, ++i, option), option);
                case "--pg-password" -> pgPassword = value(args, ++i, option);
                default -> {
                    if (!SIZE_OPTIONS.contains(option)) {
                        throw new IllegalArgumentException("unknown option '" + option + "'");
                    }
                    sizeOverrides.put(option, number(value(args, ++i, option), option));
                }
            }
        }
        Sizes base = quick ? Sizes.quick() : Sizes.full();
        Sizes chosen = new Sizes(
                sizeOverrides.getOrDefault("--raw", base.raw()),
                sizeOverrides.getOrDefault("--enqueue", base.enqueue()),
                sizeOverrides.getOrDefault("--drain", base.drain()),
                sizeOverrides.getOrDefault("--latency", base.latency()),
                sizeOverrides.getOrDefault("--load-seconds", base.loadSeconds()),
                sizeOverrides.getOrDefault("--backlog", base.backlog()),
                sizeOverrides.getOrDefault("--other-backlog", base.otherBacklog()),
                sizeOverrides.getOrDefault("--starts", base.starts()),
                sizeOverrides.getOrDefault("--owners", base.owners()));
        return new Options(chosen, durabilities, scenarios, new PgTarget(pgUrl, pgUser, pgPassword), directory, keep,
                help, pgDrainHosts);
    }

    /** Whether {@code scenario} runs. */
    boolean runs(Scenario scenario) {
        return scenarios.contains(scenario);
    }

    /** Whether any SQLite scenario runs, and with it the raw-SQLite limit. */
    boolean runsSqlite() {
        return scenarios.stream().anyMatch(scenario -> !scenario.postgres());
    }

    /** Whether any PostgreSQL scenario runs, and with it the raw-PostgreSQL limit. */
    boolean runsPostgres() {
        return scenarios.stream().anyMatch(Scenario::postgres);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String text, String option) {
        try {
            return Integer.parseInt(text.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, was '" + text + "'", e);
        }
    }

    private static List<Durability> durabilities(String text) {
        if (text.equalsIgnoreCase("both")) {
            return List.of(Durability.NORMAL, Durability.FULL);
        }
        Set<Durability> chosen = new LinkedHashSet<>();
        for (String name : text.split(",")) {
            try {
                chosen.add(Durability.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--durability: unknown setting '" + name
                        + "'; known: NORMAL, FULL, both", e);
            }
        }
        return List.copyOf(chosen);
    }

    private static Set<Scenario> scenarios(String text) {
        Set<Scenario> chosen = EnumSet.noneOf(Scenario.class);
        for (String name : text.split(",")) {
            chosen.add(Scenario.parse(name));
        }
        return chosen;
    }
}
