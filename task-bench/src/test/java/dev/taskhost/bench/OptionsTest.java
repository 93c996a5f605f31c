package dev.taskhost.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.store.sqlite.Durability;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The command line: defaults, overrides, and clear errors for bad input. */
class OptionsTest {

    @Test
    @DisplayName("issue 4: by default every SQLite scenario runs with the issue's sizes under NORMAL durability")
    void defaultsAreTheIssues() {
        Options options = Options.parse();

        assertEquals(Sizes.full(), options.sizes());
        assertEquals(1_000_000, options.sizes().backlog());
        assertEquals(100_000, options.sizes().drain());
        assertEquals(List.of(Durability.NORMAL), options.durabilities());
        assertEquals(EnumSet.of(Scenario.RAW, Scenario.ENQUEUE, Scenario.DRAIN, Scenario.LATENCY, Scenario.BACKLOG),
                options.scenarios());
        assertTrue(options.runsSqlite());
        assertFalse(options.runsPostgres(), "PostgreSQL starts a server: only on request");
        assertEquals(PgTarget.embedded(), options.pg());
        assertEquals(Optional.empty(), options.directory());
    }

    @Test
    @DisplayName("issue 9: --only picks the PostgreSQL scenarios by name, and --pg-url a server of one's own")
    void postgresScenarios() {
        Options options = Options.parse("--only", "pg-raw,PG-ENQUEUE,pg-drain", "--pg-url", "jdbc:postgresql://db/app",
                "--pg-user", "app", "--pg-password", "secret");

        assertEquals(EnumSet.of(Scenario.PG_RAW, Scenario.PG_ENQUEUE, Scenario.PG_DRAIN), options.scenarios());
        assertFalse(options.runsSqlite(), "no SQLite scenario, so no raw-SQLite limit either");
        assertTrue(options.runsPostgres());
        assertEquals(new PgTarget(Optional.of("jdbc:postgresql://db/app"), "app", "secret"), options.pg());
    }

    @Test
    @DisplayName("issue 4: --quick shrinks the sizes and a size option overrides one, in any order")
    void quickAndOverrides() {
        Options options = Options.parse("--drain", "5_000", "--quick", "--durability", "both", "--only",
                "latency,BACKLOG", "--dir", "somewhere");

        assertEquals(5_000, options.sizes().drain());
        assertEquals(Sizes.quick().backlog(), options.sizes().backlog());
        assertEquals(List.of(Durability.NORMAL, Durability.FULL), options.durabilities());
        assertEquals(EnumSet.of(Scenario.LATENCY, Scenario.BACKLOG), options.scenarios());
        assertEquals(Optional.of(Path.of("somewhere")), options.directory());
    }

    @Test
    @DisplayName("issue 4: bad options fail with a message that names the option and the rule")
    void badInputNamesTheOption() {
        assertMessage("unknown option '--fast'", "--fast");
        assertMessage("--raw needs a value", "--raw");
        assertMessage("--raw needs a value", "--raw", "--quick");
        assertMessage("--latency needs a whole number, was '1e3'", "--latency", "1e3");
        assertMessage("--enqueue must be at least 1, was 0", "--enqueue", "0");
        assertMessage("--starts (2000) must not exceed --backlog (1000)", "--backlog", "1000", "--starts", "2000");
        assertMessage("--durability: unknown setting 'OFF'; known: NORMAL, FULL, both", "--durability", "OFF");
        assertMessage("--only: unknown scenario 'all'; known: raw, enqueue, drain, latency, backlog, retention, owners, "
                + "pg-raw, pg-enqueue, pg-drain, pg-latency, pg-peers", "--only", "all");
        assertMessage("--pg-url must start with jdbc:postgresql:, was 'postgres://db'", "--pg-url", "postgres://db");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(args));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should say " + expected);
    }
}
