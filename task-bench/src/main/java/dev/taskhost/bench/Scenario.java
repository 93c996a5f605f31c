package dev.taskhost.bench;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The scenarios {@code --only} can pick. On each database the raw limit runs whenever any of that
 * database's scenarios does: every figure needs it.
 */
enum Scenario {
    RAW, ENQUEUE, DRAIN, LATENCY, BACKLOG, RETENTION, OWNERS,
    PG_RAW, PG_ENQUEUE, PG_DRAIN, PG_LATENCY, PG_PEERS;

    /** What runs without {@code --only}: the SQLite scenarios, which need no server of their own. */
    static Set<Scenario> defaults() {
        return EnumSet.of(RAW, ENQUEUE, DRAIN, LATENCY, BACKLOG);
    }

    /** The name on the command line: {@code pg-drain} for {@link #PG_DRAIN}. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether it runs on PostgreSQL. */
    boolean postgres() {
        return name().startsWith("PG_");
    }

    /**
     * The scenario named {@code name}, in any case.
     *
     * @throws IllegalArgumentException naming the known scenarios if there is none of that name
     */
    static Scenario parse(String name) {
        for (Scenario scenario : values()) {
            if (scenario.cliName().equalsIgnoreCase(name.trim())) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("--only: unknown scenario '" + name + "'; known: "
                + Arrays.stream(values()).map(Scenario::cliName).collect(Collectors.joining(", ")));
    }
}
