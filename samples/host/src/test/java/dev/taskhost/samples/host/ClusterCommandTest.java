package dev.taskhost.samples.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code taskhost cluster} end to end with small batches: a real embedded PostgreSQL, three host
 * JVMs, one killed with SIGKILL and restarted. Bounded by the command's own timeout; no timing is
 * asserted, only what the summary must say whatever the timing.
 */
class ClusterCommandTest {

    @TempDir
    Path dir;

    /**
     * R35, R37, R12: every task ends, the killed host's run is recovered, no queue ran past its limit.
     * The live hosts renew their leases (every third of the 5 s lease), so only the killed host's runs
     * expire and are recovered.
     */
    @Test
    void r35_r37_r12_threeHostsFinishEveryTaskAcrossAKillAndNoQueueRunsPastItsLimit() throws IOException {
        Path plugins = SamplePlugins.copyTo(dir.resolve("plugins"));
        int events = 8;
        int pages = 6;
        int folders = 3;

        Run run = Run.of("cluster", "--plugins", plugins.toString(), "--work", dir.resolve("work").toString(),
                "--lease-seconds", "5", "--timeout-seconds", "300", "--set", "webhook-delivery.events=" + events,
                "--set", "rate-limited-fetcher.pages=" + pages, "--set", "library-scan.folders=" + folders);

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().matches("(?s).*killed host-\\d \\(SIGKILL\\).*"), run.toString());
        assertTrue(run.out().matches("(?s).*started host-\\d again.*"), run.toString());
        String totals = run.outLines().stream().filter(line -> line.strip().startsWith("tasks ")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary in:\n" + run));
        List<Long> figures = java.util.Arrays.stream(totals.replaceAll("[^0-9 ]", " ").trim().split(" +"))
                .map(Long::parseLong).toList();
        // tasks, completed, failed, recovered: the keys (R43) keep the hosts from storing a batch twice.
        assertEquals(events + pages + folders, figures.get(0), totals);
        assertEquals(figures.get(0), figures.get(1) + figures.get(2), totals);
        assertTrue(figures.get(3) >= 1, "the killed host's run is recovered: " + totals);
        for (String queue : List.of("webhook-delivery/deliveries", "rate-limited-fetcher/pages", "library-scan/scans")) {
            List<String> row = run.outLines().stream().map(String::strip)
                    .filter(line -> line.startsWith(queue + " ") && line.split(" +").length == 3)
                    .map(line -> List.of(line.split(" +"))).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no row for " + queue + " in:\n" + run));
            assertTrue(Integer.parseInt(row.get(1)) <= Integer.parseInt(row.get(2)), queue + ": " + row);
        }
    }
}
