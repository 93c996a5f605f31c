package dev.taskhost.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The scenarios {@code --only} can pick. The raw limit runs in every run: every figure needs it. */
enum Scenario {
    RAW, ENQUEUE, DRAIN, LATENCY, BACKLOG;

    /** The name on the command line. */
    String cliName() {
        return name().toLowerCase(Locale.ROOT);
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
