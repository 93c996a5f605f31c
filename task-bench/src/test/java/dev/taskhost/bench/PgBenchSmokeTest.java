package dev.taskhost.bench;

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
 * Runs the PostgreSQL scenarios on an embedded server with tiny sizes and checks that the report has
 * every row. A smoke run only: no figure is checked. Separate from {@link BenchSmokeTest}, which
 * starts no server and stays quick.
 */
class PgBenchSmokeTest {

    private static final List<String> ROWS = List.of(
            "## taskhost on PostgreSQL",
            "- server: PostgreSQL ",
            "fsync=on, synchronous_commit=on",
            "| raw: single-row insert transactions, 1 connection |",
            "| raw: claim (SKIP LOCKED) + finish transaction pairs, 1 connection |",
            "| raw: single-row insert transactions, 4 connections |",
            "| raw: claim (SKIP LOCKED) + finish transaction pairs, 4 connections |",
            "| enqueue, 1 thread |",
            "| enqueue, 4 threads |",
            "| drain, concurrency 4, 1 host |", "| drain, concurrency 4, 3 hosts |",
            "| idle enqueue-to-start, enqueued on one host and run on another",
            "| db-scheduler: drain, 4 threads, 1 node |", "| enqueue-to-start across hosts p99 ≤ 20 ms |");

    @Test
    @DisplayName("issue 9: a tiny run of the PostgreSQL scenarios prints every row, and leaves no server data behind")
    void postgresScenariosPrintTheirRows(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status;
        try (PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            status = Bench.run(new String[] {"--only", "pg-raw,pg-enqueue,pg-drain,pg-latency,pg-peers", "--raw", "100",
                "--enqueue", "100", "--drain", "100", "--latency", "5", "--dir", data.toString()}, outStream, errStream);
        }
        String report = out.toString(StandardCharsets.UTF_8);

        assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
        ROWS.forEach(row -> assertTrue(report.contains(row), "the report lacks " + row + "\n" + report));
        assertFalse(report.contains("## taskhost on SQLite"), "no SQLite scenario was asked for\n" + report);
        assertTrue(report.lines().filter(line -> line.startsWith("| ")).allMatch(Predicate.not(l -> l.contains("NaN"))),
                report);
        try (Stream<Path> left = Files.list(data)) {
            assertEquals(List.of(), left.toList(), "the server's data directory is deleted after the run");
        }
    }
}
