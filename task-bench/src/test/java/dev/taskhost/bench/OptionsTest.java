package dev.taskhost.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    @DisplayName("issue 4: by default every scenario runs with the issue's sizes under NORMAL durability")
    void defaultsAreTheIssues() {
        Options options = Options.parse();

        assertEquals(Sizes.full(), options.sizes());
        assertEquals(1_000_000, options.sizes().backlog());
        assertEquals(100_000, options.sizes().drain());
        assertEquals(List.of(Durability.NORMAL), options.durabilities());
        assertEquals(EnumSet.allOf(Scenario.class), options.scenarios());
        assertEquals(Optional.empty(), options.directory());
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
        assertMessage("--only: unknown scenario 'all'; known: raw, enqueue, drain, latency, backlog", "--only", "all");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Options.parse(args));
        assertTrue(e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should say " + expected);
    }
}
