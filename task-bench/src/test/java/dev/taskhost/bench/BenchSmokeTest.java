package dev.taskhost.bench;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole harness on the real host with tiny sizes and checks that the report has every row.
 * A smoke run only (issue 4: no test asserts a timing): the figures themselves are never checked.
 */
class BenchSmokeTest {

    private static final String[] TINY = {"--quick", "--raw", "200", "--enqueue", "200", "--drain", "200",
        "--latency", "50", "--load-seconds", "1", "--backlog", "500", "--other-backlog", "20", "--starts", "50"};

    private static final List<String> RAW_ROWS = List.of(
            "| raw, plain jobs table: single-row insert transactions |",
            "| raw, plain jobs table: claim + finish transaction pairs |",
            "| raw, store's schema: single-row insert transactions |",
            "| raw, store's schema: claim + finish transaction pairs |",
            "| raw, plain jobs table: insert tx, then claim tx, p50 / p99 / max |");

    private static final List<String> HOST_ROWS = List.of(
            "| enqueue, 1 thread |",
            "| enqueue, 4 threads |",
            "| drain, concurrency 1 |",
            "| drain, concurrency 4 |",
            "| enqueue-to-start, idle host, p50 / p99 / max |",
            "| enqueue-to-start, steady load of ",
            "| backlog: raw single-row insert transactions, store's schema, backlog of 500 |",
            "| backlog: raw claim + finish transaction pairs, store's schema, backlog of 500 |",
            "| backlog: enqueue, 1 thread, backlog of 500 |",
            "| backlog: time per start at concurrency 4, backlog of 500 |",
            "| backlog: time per start at concurrency 4, backlog of 50 |",
            "| backlog: heap used after GC, queue running on the backlog of 500 |",
            "| backlog: build to first start after a restart, backlog of 500 |",
            "| backlog: build to first start after a restart, backlog of 50 |");

    private static final List<String> TARGET_ROWS = List.of(
            "| enqueue, 1 thread ≥ 0.9 × raw insert |",
            "| enqueue, 4 threads ≥ 2 × raw insert |",
            "| drain, concurrency 4 ≥ 2 × raw claim+finish |",
            "| idle enqueue-to-start p50 ≤ 1 ms |",
            "| idle enqueue-to-start p99 ≤ 5 ms |",
            "| backlog: time per start ≤ 2 × that of a small backlog |",
            "| backlog: heap used after GC ≤ 128 MiB |",
            "| backlog: restart to first start ≤ 2 s |");

    @Test
    @DisplayName("issue 4: a tiny run of every scenario prints the machine, every row and every target")
    void everyScenarioPrintsItsRows(@TempDir Path temp) throws Exception {
        Run run = Run.of(Stream.concat(Stream.of(TINY), Stream.of("--dir", temp.resolve("data").toString()))
                .toArray(String[]::new));

        assertEquals(0, run.status(), run.err());
        assertAll(Stream.of(List.of("## taskhost on SQLite, durability NORMAL", "- machine: ", "- durability: ",
                                "- steady load: ", "- backlogs written through: raw JDBC"), RAW_ROWS, HOST_ROWS, TARGET_ROWS)
                .flatMap(List::stream)
                .map(expected -> () -> assertTrue(run.out().contains(expected),
                        "the report lacks " + expected + "\n" + run.out())));
        assertTrue(run.out().lines().filter(line -> line.startsWith("| ")).allMatch(Predicate.not(line -> line.contains("NaN"))),
                "no figure is NaN\n" + run.out());
    }

    @Test
    @DisplayName("issue 4: --only runs the raw limit and the chosen scenario alone, under FULL durability")
    void onlyRunsTheChosenScenario(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        Run run = Run.of(Stream.concat(Stream.of(TINY),
                Stream.of("--only", "drain", "--durability", "FULL", "--dir", data.toString())).toArray(String[]::new));

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("## taskhost on SQLite, durability FULL"), run.out());
        assertTrue(run.out().contains("synchronous=FULL"), run.out());
        RAW_ROWS.forEach(row -> assertTrue(run.out().contains(row), "the report lacks " + row + "\n" + run.out()));
        assertTrue(run.out().contains("| drain, concurrency 4 |"), run.out());
        assertFalse(run.out().contains("| enqueue, 1 thread |"), run.out());
        assertFalse(run.out().contains("| backlog:"), run.out());
        try (Stream<Path> left = Files.list(data)) {
            assertEquals(List.of(), left.toList(), "every scenario's directory is deleted after it");
        }
    }

    @Test
    @DisplayName("issue 14: the retention scenario runs when named, sweeps every expired task and prints its target")
    void retentionScenarioPrintsItsRows(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        Run run = Run.of(Stream.concat(Stream.of(TINY),
                Stream.of("--only", "retention", "--dir", data.toString())).toArray(String[]::new));

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().contains("| retention: 500 finished tasks expiring at once"), run.out());
        assertTrue(run.out().contains("| during the sweep ("), run.out());
        assertTrue(run.out().contains("| retention: no start delayed more than 10 ms while expired tasks are swept |"),
                run.out());
        assertFalse(run.out().contains("| drain, concurrency 4 |"), run.out());
    }

    @Test
    @DisplayName("issue 14: --only owners prints both drains, the threads and open files, and the target")
    void ownersScenarioPrintsItsRows(@TempDir Path temp) throws Exception {
        Run run = Run.of(Stream.concat(Stream.of(TINY),
                Stream.of("--only", "owners", "--owners", "256", "--dir", temp.resolve("data").toString()))
                .toArray(String[]::new));

        assertEquals(0, run.status(), run.err());
        for (String row : List.of("| owners: drain, 1 owner × 2 queues", "| owners: drain, 64 owners × 2 queues",
                "| owners: live threads / open files, peak during it |",
                "| owners: live threads / open files, after the idle close",
                "| many owners: 64 owners × 2 queues, aggregate drain ≥ 0.8 × one owner's |")) {
            assertTrue(run.out().contains(row), "the report lacks " + row + "\n" + run.out());
        }
        assertFalse(run.out().contains("| drain, concurrency 4 |"), run.out());
    }

    @Test
    @DisplayName("issue 4: a bad option is refused with a message naming it, and nothing runs")
    void badOptionIsRefused(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        Run run = Run.of("--drain", "lots", "--dir", data.toString());

        assertEquals(2, run.status());
        assertTrue(run.err().contains("--drain needs a whole number, was 'lots'"), run.err());
        assertTrue(run.err().contains("Usage: Bench"), run.err());
        assertEquals("", run.out());
        assertFalse(Files.exists(data));
    }

    @Test
    @DisplayName("issue 4: --dir must be empty, so every scenario starts from a fresh data directory")
    void nonEmptyDirectoryIsRefused(@TempDir Path temp) throws Exception {
        Files.writeString(temp.resolve("keep.txt"), "mine");
        Run run = Run.of("--quick", "--dir", temp.toString());

        assertEquals(2, run.status());
        assertTrue(run.err().contains("must be absent or an empty directory"), run.err());
        assertEquals("mine", Files.readString(temp.resolve("keep.txt")));
    }

    /** One run of the harness, with what it printed. */
    private record Run(int status, String out, String err) {
        static Run of(String... args) throws Exception {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int status;
            try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                status = Bench.run(args, outStream, errStream);
            }
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }
    }
}
