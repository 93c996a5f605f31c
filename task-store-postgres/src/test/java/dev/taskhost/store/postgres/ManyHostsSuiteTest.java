package dev.taskhost.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.testkit.jvm.ChildJvm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's many-hosts suite: three host JVMs ({@link HostsChild}) on one embedded PostgreSQL, one of
 * them killed with SIGKILL at seeded moments and started again, and the server itself restarted once.
 * From the hosts' logs and the final rows: nothing acknowledged lost, no task run more than
 * {@code maxRetries + 1} times, never more than a queue's concurrency running across the hosts
 * (R12, R35), claims at least the delay apart across hosts (R13, R36), and a killed host's runs
 * recovered within lease plus poll (R37), through the server restart (R40). Only on the embedded
 * server, which is the suite's to restart. {@code -Dhosts.seed} replays a seed.
 */
@Tag("hosts")
class ManyHostsSuiteTest {
    /** Issue 9's figures by default; {@code -Dhosts.kills} and {@code -Dhosts.tasks} shrink a run by hand. */
    private static final int KILLS = Integer.getInteger("hosts.kills", 10);
    /** The tasks the two steady hosts enqueue between them, beside the killed host's own. */
    private static final int TASKS = Integer.getInteger("hosts.tasks", 10_000);
    private static final int STEADY_TASKS = TASKS / 2;
    private static final int STEADY_PER_SECOND = Integer.getInteger("hosts.rate", 40);
    private static final int KILLED_TASKS = 60;
    private static final int KILLED_PER_SECOND = 5;
    /** How long a kill waits past its seeded moment for the host to hold a run. */
    private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(10);
    /** Beyond lease plus poll: a JVM starting beside the others on a small machine. */
    private static final Duration SLACK = Duration.ofSeconds(2);
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private record Run(String host, int life, String queue, String id, int attempt, long claimedMicros,
                       long claimNowMillis) {
    }

    private record Kill(String host, int life, long atMicros) {
    }

    @Test
    @DisplayName("R35 R12 R13 R36 R37 R40 three hosts on one PostgreSQL, one killed and restarted, the server restarted: nothing lost, no task run too often, limits and delays held across hosts, killed runs recovered within lease plus poll")
    void manyHosts() throws Exception {
        String external = System.getenv("TASKHOST_POSTGRES_URL");
        Assumptions.assumeTrue(external == null || external.isEmpty(), "the tests' server is the user's own");
        long seed = Long.getLong("hosts.seed", System.nanoTime());
        System.out.println("hosts suite seed " + seed + " (-Dhosts.seed=" + seed + " replays it)");
        Random random = new Random(seed);
        long began = System.nanoTime();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = dir.resolve("pg");
        List<ChildJvm> children = new ArrayList<>();
        List<Kill> kills = new ArrayList<>();
        EmbeddedPostgres server = startServer(data, port);
        try {
            String url = server.getJdbcUrl("postgres", "postgres");
            String schema = "hosts";
            // The first host alone, so that the schema is made before the others start.
            children.add(startHost(url, schema, "A", 1, random.nextLong(), STEADY_TASKS, STEADY_PER_SECOND));
            children.get(0).awaitPrinted("ready", READY_LIMIT);
            children.add(startHost(url, schema, "B", 1, random.nextLong(), STEADY_TASKS, STEADY_PER_SECOND));
            ChildJvm killed = startHost(url, schema, "C", 1, random.nextLong(), KILLED_TASKS, KILLED_PER_SECOND);
            children.add(killed);
            children.get(1).awaitPrinted("ready", READY_LIMIT);
            killed.awaitPrinted("ready", READY_LIMIT);
            long recoveryWindow = TimeUnit.MILLISECONDS.toNanos(
                    HostsPlan.LEASE.plus(HostsPlan.POLL).plus(SLACK).toMillis());
            long serverRestartedAt = 0;
            for (int life = 1; life <= KILLS; life++) {
                TimeUnit.MILLISECONDS.sleep(4_000 + random.nextInt(6_000));
                // A host that joins queues the others keep full may hold no run at the seeded moment;
                // the kill waits (bounded) for one, so that kills test recoveries.
                if (!awaitRunInFlight(dir.resolve("C-" + life + ".log"), IN_FLIGHT_LIMIT)) {
                    System.out.printf("kill %d: host C held no run within %s%n", life, IN_FLIGHT_LIMIT);
                }
                kills.add(new Kill("C", life, HostsChild.micros()));
                killed.kill();
                TimeUnit.MILLISECONDS.sleep(200 + random.nextInt(2_500));
                if (life == KILLS / 2 + 1) {
                    // The server restart, once the killed host's runs were recovered: the recovery
                    // bound is lease plus poll, not lease plus poll plus an outage.
                    long since = System.nanoTime() - TimeUnit.MICROSECONDS.toNanos(
                            HostsChild.micros() - kills.get(kills.size() - 1).atMicros());
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, since + recoveryWindow - System.nanoTime()));
                    server.close();
                    TimeUnit.MILLISECONDS.sleep(500 + random.nextInt(1_000));
                    server = startServer(data, port);
                    serverRestartedAt = System.nanoTime();
                    System.out.printf("server restarted after kill %d%n", life);
                }
                killed = startHost(url, schema, "C", life + 1, random.nextLong(), KILLED_TASKS, KILLED_PER_SECOND);
                children.add(killed);
                killed.awaitPrinted("ready", READY_LIMIT);
                if (serverRestartedAt != 0) {
                    // The next kill no sooner than a lease after the server is back, for the same reason.
                    TimeUnit.NANOSECONDS.sleep(Math.max(0,
                            serverRestartedAt + HostsPlan.LEASE.toNanos() - System.nanoTime()));
                }
            }
            // The steady hosts and the killed host's last life must still be up: a host that ended on
            // its own closed, giving its runs' attempts back (R22), and would go unseen if skipped here.
            for (ChildJvm child : children) {
                if (!child.outputFile().getFileName().toString().startsWith("C")) {
                    child.awaitPrinted("enqueued", Duration.ofSeconds(120));
                }
            }
            killed.awaitPrinted("enqueued", Duration.ofSeconds(60));
            awaitDrained(url, schema);
            for (ChildJvm child : children) {
                if (child == killed || !child.outputFile().getFileName().toString().startsWith("C")) {
                    assertTrue(child.alive(), child.outputFile().getFileName() + ": host ended on its own "
                            + "(seed " + seed + "):\n" + child.output());
                }
            }
            for (ChildJvm child : children) {
                if (child.alive()) {
                    child.terminate();
                }
            }
            check(url, schema, kills, seed, began);
        } finally {
            children.forEach(ChildJvm::close);
            server.close();
        }
    }

    private void check(String url, String schema, List<Kill> kills, long seed, long began) throws Exception {
        Map<String, String> enqueued = new HashMap<>();
        Map<String, String> kinds = new HashMap<>();
        Map<String, Run> runs = new HashMap<>();
        Map<String, Long> ends = new HashMap<>();
        Map<String, Long> recoveries = new HashMap<>();
        int cutLines = 0;
        List<Path> logs;
        try (var files = Files.list(dir)) {
            logs = files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        Map<String, Integer> perLife = new TreeMap<>();
        for (Path log : logs) {
            String name = log.getFileName().toString();
            String host = name.substring(0, 1);
            int life = Integer.parseInt(name.substring(name.indexOf('-') + 1, name.indexOf('.')));
            for (String line : Files.readString(log, StandardCharsets.US_ASCII).split("\n")) {
                String[] f = line.split(" ");
                boolean whole = switch (f.length == 0 ? "" : f[0]) {
                    case "Q" -> f.length == 4 && f[1].length() == 32 && (f[3].equals("OK") || f[3].equals("FAIL"));
                    case "C" -> f.length == 6 && f[4].length() == 32 && !f[5].isEmpty();
                    case "E", "R" -> f.length == 4 && f[2].length() == 32 && !f[3].isEmpty();
                    default -> false;
                };
                if (!whole) {
                    assertTrue(line.isEmpty() || host.equals("C"), "a cut line in " + name + ", whose host was never killed: " + line);
                    cutLines += line.isEmpty() ? 0 : 1;
                    continue;
                }
                switch (f[0]) {
                    case "Q" -> {
                        enqueued.put(f[1], f[2]);
                        perLife.merge(name, 1, Integer::sum);
                        kinds.put(f[1], f[3]);
                    }
                    case "C" -> {
                        Run run = new Run(host, life, f[3], f[4], Integer.parseInt(f[5]), Long.parseLong(f[1]),
                                Long.parseLong(f[2]));
                        Run before = runs.put(run.id() + " " + run.attempt(), run);
                        assertEquals(null, before, "attempt " + run.attempt() + " of " + run.id()
                                + " claimed twice, now as " + run + " (seed " + seed + ")");
                    }
                    case "E" -> ends.merge(f[2] + " " + f[3], Long.parseLong(f[1]), Math::min);
                    default -> recoveries.merge(f[2] + " " + f[3], Long.parseLong(f[1]), Math::min);
                }
            }
        }

        // Nothing lost, no task run too often: the rows, against what the hosts acknowledged.
        Map<String, String[]> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT id, status, attempt, message FROM \"" + schema + "\".tasks WHERE owner = ?")) {
            statement.setString(1, HostsPlan.OWNER);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        int completed = 0;
        int failed = 0;
        int failedByLease = 0;
        for (Map.Entry<String, String> task : enqueued.entrySet()) {
            String[] row = rows.get(task.getKey());
            assertTrue(row != null, "acknowledged task " + task.getKey() + " lost (seed " + seed + ")");
            int maxAttempts = HostsPlan.queue(task.getValue()).config().maxRetries() + 1;
            assertTrue(Integer.parseInt(row[1]) <= maxAttempts, "task " + task.getKey() + " ran " + row[1]
                    + " times, more than " + maxAttempts + " (seed " + seed + ")");
            if (row[0].equals("COMPLETED")) {
                completed++;
                assertEquals("OK", kinds.get(task.getKey()), "a failing task completed");
            } else {
                assertEquals("FAILED", row[0], "task " + task.getKey() + " did not end (seed " + seed + ")");
                failed++;
                if (kinds.get(task.getKey()).equals("OK")) {
                    // Only the lease's recoveries fail a task that works (R37), each counting an attempt.
                    assertTrue(row[2].contains("lease") && row[2].contains("expired"), row[2]);
                    assertEquals(maxAttempts, Integer.parseInt(row[1]));
                    failedByLease++;
                }
            }
        }
        for (Run run : runs.values()) {
            assertTrue(run.attempt() <= HostsPlan.queue(run.queue()).config().maxRetries() + 1,
                    "claimed attempt " + run.attempt() + " of " + run.id() + " (seed " + seed + ")");
            assertTrue(ends.containsKey(run.id() + " " + run.attempt()), "attempt " + run.attempt() + " of "
                    + run.id() + " claimed by " + run.host() + run.life() + " never ended (seed " + seed + ")");
        }

        // Concurrency across hosts, from claims logged after they were stored and ends logged before.
        StringBuilder figures = new StringBuilder();
        for (HostsPlan.PlanQueue queue : HostsPlan.QUEUES) {
            TreeMap<Long, Integer> deltas = new TreeMap<>();
            List<Run> claims = runs.values().stream().filter(r -> r.queue().equals(queue.name()))
                    .sorted(Comparator.comparingLong(Run::claimNowMillis)).toList();
            for (Run run : claims) {
                long end = ends.get(run.id() + " " + run.attempt());
                if (end > run.claimedMicros()) {
                    deltas.merge(run.claimedMicros(), 1, Integer::sum);
                    deltas.merge(end, -1, Integer::sum);
                }
            }
            int running = 0;
            int most = 0;
            for (int delta : deltas.values()) {
                running += delta;
                most = Math.max(most, running);
            }
            assertTrue(most <= queue.config().concurrency(), queue.name() + ": " + most + " running at once, limit "
                    + queue.config().concurrency() + " (seed " + seed + ")");
            // The store keeps times in milliseconds: the delay holds between the claims' times as it saw them.
            long least = Long.MAX_VALUE;
            for (int i = 1; i < claims.size(); i++) {
                least = Math.min(least, claims.get(i).claimNowMillis() - claims.get(i - 1).claimNowMillis());
            }
            if (!queue.config().delay().isZero()) {
                assertTrue(least >= queue.config().delay().toMillis(), queue.name() + ": claims " + least
                        + " ms apart, delay " + queue.config().delay().toMillis() + " ms (seed " + seed + ")");
            }
            long hosts = claims.stream().map(Run::host).distinct().count();
            figures.append(String.format("  %-8s runs %5d on %d hosts, most at once %d (limit %d), least gap %s%n",
                    queue.name(), claims.size(), hosts, most, queue.config().concurrency(),
                    claims.size() < 2 ? "-" : least + " ms"));
        }

        // A killed host's runs: recovered within lease plus poll (and the slack) of the kill.
        long bound = TimeUnit.MILLISECONDS.toMicros(HostsPlan.LEASE.plus(HostsPlan.POLL).plus(SLACK).toMillis());
        long slowest = 0;
        int recovered = 0;
        for (Kill kill : kills) {
            for (Run run : runs.values()) {
                String key = run.id() + " " + run.attempt();
                if (!run.host().equals(kill.host()) || run.life() != kill.life() || !recoveries.containsKey(key)) {
                    continue;
                }
                long after = recoveries.get(key) - kill.atMicros();
                assertTrue(after <= bound, "attempt " + run.attempt() + " of " + run.id() + " recovered "
                        + after / 1000 + " ms after the kill, bound " + bound / 1000 + " ms (seed " + seed + ")");
                slowest = Math.max(slowest, after);
                recovered++;
            }
            long inFlight = runs.values().stream().filter(r -> r.host().equals(kill.host()) && r.life() == kill.life())
                    .filter(r -> !recoveries.containsKey(r.id() + " " + r.attempt()))
                    .filter(r -> ends.get(r.id() + " " + r.attempt()) > kill.atMicros()).count();
            assertEquals(0, inFlight, "runs of killed life " + kill.life() + " ended after the kill but not by "
                    + "a recovery (seed " + seed + ")");
        }
        long otherRecoveries = recoveries.size() - recovered;
        System.out.printf("hosts suite seed %d: %d tasks acknowledged (%d completed, %d failed, %d of them by "
                        + "lease), %d runs logged, %d kills, %d killed runs recovered (slowest %d ms after the "
                        + "kill, bound %d ms = lease %d + poll %d + slack %d), %d other recoveries, %d cut lines, "
                        + "lost 0, %.0f s%n%s",
                seed, enqueued.size(), completed, failed, failedByLease, runs.size(), kills.size(), recovered,
                slowest / 1000, bound / 1000, HostsPlan.LEASE.toMillis(), HostsPlan.POLL.toMillis(), SLACK.toMillis(),
                otherRecoveries, cutLines, (System.nanoTime() - began) / 1e9, figures);
        System.out.println("enqueued per host life: " + perLife);
        // The steady hosts ride out the server restart: each acknowledged every task it planned (R40).
        for (String steady : List.of("A-1.log", "B-1.log")) {
            assertEquals(STEADY_TASKS, perLife.getOrDefault(steady, 0), steady + ": tasks acknowledged, against "
                    + "those planned (seed " + seed + ")");
        }
        assertTrue(recovered > 0, "no kill found a run to recover (seed " + seed + ")");
    }

    private static EmbeddedPostgres startServer(Path data, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("fsync", "off").start();
    }

    private ChildJvm startHost(String url, String schema, String host, int life, long seed, int count, int perSecond)
            throws IOException {
        Path log = dir.resolve(host + "-" + life + ".log");
        return ChildJvm.start(dir.resolve(host + "-" + life + ".out"), HostsChild.class, url, schema, log.toString(),
                String.valueOf(seed), String.valueOf(count), String.valueOf(perSecond));
    }

    /** Waits until the host's execution log shows a claimed run not yet ended; false if none within {@code limit}. */
    private static boolean awaitRunInFlight(Path log, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            Set<String> inFlight = new HashSet<>();
            if (Files.exists(log)) {
                for (String line : Files.readString(log, StandardCharsets.US_ASCII).split("\n")) {
                    String[] f = line.split(" ");
                    if (f[0].equals("C") && f.length == 6) {
                        inFlight.add(f[4] + " " + f[5]);
                    } else if ((f[0].equals("E") || f[0].equals("R")) && f.length == 4) {
                        inFlight.remove(f[2] + " " + f[3]);
                    }
                }
            }
            if (!inFlight.isEmpty()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        return false;
    }

    private static void awaitDrained(String url, String schema) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long left = -1;
        while (left != 0) {
            assertTrue(System.nanoTime() < deadline, left + " tasks not ended within " + DRAIN_LIMIT);
            try (Connection connection = DriverManager.getConnection(url, "postgres", "");
                 PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM \"" + schema
                         + "\".tasks WHERE status IN ('PENDING', 'RUNNING')");
                 ResultSet rs = statement.executeQuery()) {
                rs.next();
                left = rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot count the tasks left", e);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }
}
