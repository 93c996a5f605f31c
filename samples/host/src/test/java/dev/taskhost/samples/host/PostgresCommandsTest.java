package dev.taskhost.samples.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.samples.host.internal.StoreChoice;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code demo --postgres}, {@code inspect --postgres} and {@code console --postgres} on a real, embedded PostgreSQL (as root, its
 * processes run in a user namespace of their own, as in the PostgreSQL store's tests).
 */
class PostgresCommandsTest {
    private static EmbeddedPostgres server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    /** R35, R23: the demo stores its tasks in the server's schema; inspect reads them, read-only. */
    @Test
    void r35_theDemoRunsOnPostgresAndInspectReadsWhatItStored() throws IOException {
        Path plugins = SamplePlugins.copyTo(dir.resolve("plugins"));
        String url = server.getJdbcUrl("postgres", "postgres");

        Run demo = Run.of("demo", "--postgres", url, "--data", dir.resolve("log").toString(), "--plugins",
                plugins.toString(), "--exit-when-idle", "--console-port", "-1", "--set", "webhook-delivery.events=4",
                "--set", "rate-limited-fetcher.pages=3", "--set", "library-scan.folders=2");

        assertEquals(0, demo.exitCode(), demo.toString());
        assertTrue(demo.out().contains("data in PostgreSQL at jdbc:postgresql:"), demo.toString());
        assertTrue(demo.out().contains("Idle after"), demo.toString());

        Run inspect = Run.of("inspect", "--postgres", url);
        assertEquals(0, inspect.exitCode(), inspect.toString());
        assertEquals(List.of("rate-limited-fetcher", "pages", "0", "0", "3", "0", "0", "no"),
                inspect.row("rate-limited-fetcher"), inspect.toString());
        assertEquals(List.of("library-scan", "scans", "0", "0", "2", "0", "0", "no"), inspect.row("library-scan"),
                inspect.toString());
        List<String> deliveries = inspect.row("webhook-delivery", "deliveries");
        assertEquals(4, Integer.parseInt(deliveries.get(4)) + Integer.parseInt(deliveries.get(5)), inspect.toString());

        Run tasks = Run.of("inspect", "--postgres", url, "--owner", "rate-limited-fetcher", "--queue", "pages");
        assertEquals(0, tasks.exitCode(), tasks.toString());
        assertTrue(tasks.out().startsWith("rate-limited-fetcher/pages: 3 task(s)"), tasks.toString());

        consoleShows(url);
    }

    /** {@code console --postgres}: a read-only console over what the demo stored, with no host running. */
    private static void consoleShows(String url) {
        ConsoleCommand command = new ConsoleCommand();
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine commandLine = new picocli.CommandLine(command);
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(out, true));
        java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
        Thread serving = new Thread(() -> exit.set(commandLine.execute("--postgres", url)), "console-command");
        serving.start();
        try {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            java.util.regex.Pattern link = java.util.regex.Pattern.compile("(http://\\S+/)signin#token=(\\S+)");
            java.util.regex.Matcher m = link.matcher("");
            while (!(m = link.matcher(out.toString())).find()) {
                assertTrue(serving.isAlive() && System.nanoTime() < deadline, "no sign-in link: " + out);
                Thread.sleep(50);
            }
            assertTrue(out.toString().contains("over PostgreSQL at jdbc:postgresql:"), out.toString());
            // HttpURLConnection: java.base only, which this module path reads.
            java.net.HttpURLConnection get = (java.net.HttpURLConnection)
                    java.net.URI.create(m.group(1) + "api/overview").toURL().openConnection();
            get.setRequestProperty("Authorization", "Bearer " + m.group(2));
            assertEquals(200, get.getResponseCode());
            String body;
            try (java.io.InputStream in = get.getInputStream()) {
                body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertTrue(body.contains("\"rate-limited-fetcher\"") && body.contains("\"readOnly\":true"), body);
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            command.stop();
        }
        try {
            serving.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        assertEquals(0, exit.get(), out.toString());
    }

    /**
     * R35: inspect lists the live hosts on the store, each with its pid, start, last heartbeat and
     * the queues it runs with how many tasks it runs now; a closed host is no longer listed.
     */
    @Test
    void r35_inspectListsTheLiveHostsAndWhatEachRuns() throws Exception {
        // A database of its own, so that no other test's host is listed.
        try (java.sql.Connection c = server.getPostgresDatabase().getConnection();
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE live_hosts");
        }
        String url = server.getJdbcUrl("postgres", "live_hosts");
        CountDownLatch release = new CountDownLatch(1);
        String pid = Long.toString(ProcessHandle.current().pid());
        TaskHost billing = TaskHost.builder().store(StoreChoice.postgres(url, Optional.empty(), Optional.empty(), 2)
                .provider()).shutdownGrace(Duration.ZERO).build();
        TaskHost shipping = TaskHost.builder().store(StoreChoice.postgres(url, Optional.empty(), Optional.empty(), 2)
                .provider()).shutdownGrace(Duration.ZERO).build();
        try {
            TaskService invoices = billing.service("billing", 2, task -> {
                release.await();
                return "charged";
            });
            invoices.createQueue("invoices", QueueConfig.defaults());
            invoices.createQueue("refunds", QueueConfig.defaults());
            invoices.enqueue("invoices", new byte[0]);
            shipping.service("shipping", 1, task -> "labelled").createQueue("labels", QueueConfig.defaults());

            Run run = awaitInspect(url, r -> r.out().contains("billing/invoices (1), billing/refunds (0)")
                    && r.out().contains("shipping/labels (0)"));
            assertEquals(0, run.exitCode(), run.toString());
            List<String> lines = run.outLines();
            int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("HOST ")).findFirst().orElseThrow());
            assertEquals(List.of("HOST", "PID", "STARTED", "LAST SEEN", "RUNS (RUNNING NOW)"),
                    List.of(lines.get(header).strip().split(" {2,}")), run.toString());
            List<List<String>> hosts = lines.subList(header + 1, lines.size()).stream()
                    .map(l -> List.of(l.strip().split(" {2,}"))).toList();
            assertEquals(2, hosts.size(), run.toString());
            for (List<String> host : hosts) {
                assertEquals(5, host.size(), run.toString());
                assertEquals(pid, host.get(1), run.toString());
                Instant started = Instant.parse(host.get(2));
                assertFalse(Instant.parse(host.get(3)).isBefore(started.minusSeconds(5)), run.toString());
            }
            assertEquals(List.of("billing/invoices (1), billing/refunds (0)", "shipping/labels (0)"),
                    hosts.stream().map(h -> h.get(4)).sorted().toList(), run.toString());

            release.countDown();
            shipping.close();
            Run one = awaitInspect(url, r -> !r.out().contains("shipping/labels")
                    && r.out().contains("billing/invoices (0), billing/refunds (0)"));
            assertEquals(0, one.exitCode(), one.toString());
            billing.close();
            Run none = awaitInspect(url, r -> r.out().contains("hosts: none live"));
            assertEquals(0, none.exitCode(), none.toString());
            assertEquals(List.of("billing", "invoices", "0", "0", "1", "0", "0", "no"), none.row("billing", "invoices"),
                    none.toString());
        } finally {
            release.countDown();
            shipping.close();
            billing.close();
        }
    }

    private static Run awaitInspect(String url, java.util.function.Predicate<Run> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Run run = Run.of("inspect", "--postgres", url);
            if (done.test(run)) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting; the last inspect:\n" + run);
            }
            Thread.sleep(200);
        }
    }

    @Test
    void inspectOnAServerWithoutTheSchemaSaysSoInOneLineAndCreatesNothing() {
        // A database of its own on the same server, which no host has used.
        String url = server.getJdbcUrl("postgres", "template1");

        Run inspect = Run.of("inspect", "--postgres", url);

        assertEquals(1, inspect.exitCode(), inspect.toString());
        assertEquals(1, inspect.err().lines().count(), inspect.toString());
        assertTrue(inspect.err().contains("the schema holds no taskhost tables"), inspect.toString());
    }

    @Test
    void badUsageIsReported() {
        assertEquals(2, Run.of("inspect").exitCode());
        assertEquals(2, Run.of("inspect", dir.toString(), "--postgres", "jdbc:postgresql://localhost/x").exitCode());
        Run notJdbc = Run.of("inspect", "--postgres", "postgres://localhost/x");
        assertEquals(2, notJdbc.exitCode(), notJdbc.toString());
        assertTrue(notJdbc.err().contains("--postgres needs a JDBC URL"), notJdbc.toString());
        assertEquals(2, Run.of("inspect", dir.toString(), "--pg-user", "me").exitCode());
    }
}
