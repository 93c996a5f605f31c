package dev.taskhost.store.postgres;

import static dev.taskhost.store.postgres.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.OperatorHost;
import dev.taskhost.core.OperatorQueue;
import dev.taskhost.core.OperatorView;
import dev.taskhost.core.QueueActivity;
import dev.taskhost.core.StoreView;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.testkit.jvm.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hosts on one PostgreSQL schema see each other through their heartbeats (R35): the operator view
 * of any host, and a read-only view with no host (the console over stored data), list the live
 * hosts with what each runs, say which live hosts run each queue, and sum the per-minute charts
 * across hosts; a host that closes drops out at once, one killed once its heartbeat runs out.
 */
class LiveHostsTest {
    private static final String OWNER = "alpha";
    private static final Duration POLL = Duration.ofMillis(200);
    /** How long a host with a poll of 200 ms stays live after a beat: 3 polls, but at least 2 s. */
    static final Duration LIVE_FOR = Duration.ofSeconds(2);

    private final TestDatabase database = TestDatabase.get();
    private final String schema = TestDatabase.freshSchema();
    private final List<TaskHost> hosts = new ArrayList<>();
    private final List<AutoCloseable> others = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        try {
            for (TaskHost host : hosts) {
                host.close();
            }
            for (AutoCloseable other : others) {
                other.close();
            }
        } finally {
            database.drop(schema);
        }
    }

    private TaskHost host() {
        TaskHost host = TaskHost.builder().store(database.provider(schema)).poll(POLL).lease(Duration.ofSeconds(2))
                .shutdownGrace(Duration.ZERO).build();
        hosts.add(host);
        return host;
    }

    private StoreView storeView() {
        StoreView view = StoreView.open(database.provider(schema), Optional.empty());
        others.add(view);
        return view;
    }

    private static List<String> ids(OperatorView view) {
        return view.hosts().stream().map(OperatorHost::id).sorted().toList();
    }

    private static List<String> runs(OperatorView view, String hostId) {
        return view.hosts().stream().filter(h -> h.id().equals(hostId)).findFirst()
                .map(h -> h.runs().stream().map(r -> r.owner() + "/" + r.queue()).toList()).orElse(List.of());
    }

    private static String idOf(TaskHost host) {
        return host.operator().hosts().stream().filter(OperatorHost::thisHost).findFirst().orElseThrow().id();
    }

    private static long sum(List<Long> counts) {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    @Test
    @DisplayName("R35 two hosts on one schema are both listed with what each runs; a closed one drops out at once")
    void r35_twoHostsListedWithWhatEachRuns() throws Exception {
        TaskHost a = host();
        TaskHost b = host();
        TaskService onA = a.service(OWNER, 4, task -> "a");
        TaskService onB = b.service(OWNER, 4, task -> "b");
        onA.createQueue("mail", QueueConfig.defaults());
        onB.createQueue("mail", QueueConfig.defaults());
        onB.createQueue("reports", QueueConfig.defaults());
        // A queue stored, but opened by no host: its tasks wait.
        try (TaskStore store = database.provider(schema).open(new StoreContext(Optional.empty()))) {
            store.owner(OWNER).saveQueue("orphan", QueueConfig.defaults(), Instant.now());
        }
        await("host a's view to list both hosts", () -> a.operator().hosts().size() == 2);
        await("host b's beat to tell its queues", () -> runs(a.operator(), idOf(b)).size() == 2);
        String idA = idOf(a);
        String idB = idOf(b);
        OperatorView stored = storeView().view();
        for (OperatorView view : List.of(a.operator(), b.operator(), stored)) {
            assertTrue(view.hostsTracked());
            assertEquals(List.of(idA, idB).stream().sorted().toList(), ids(view));
            await("each view to see what each host runs", () -> runs(view, idA).equals(List.of(OWNER + "/mail"))
                    && runs(view, idB).equals(List.of(OWNER + "/mail", OWNER + "/reports")));
            OperatorHost hostA = view.hosts().stream().filter(h -> h.id().equals(idA)).findFirst().orElseThrow();
            assertEquals(ProcessHandle.current().pid(), hostA.pid());
            assertFalse(hostA.name().isEmpty());
            assertFalse(hostA.lastSeen().isBefore(hostA.startedAt().minusSeconds(60)));
            assertEquals(List.of(idA, idB).stream().sorted().toList(),
                    view.queue(OWNER, "mail").orElseThrow().liveHosts());
            assertEquals(List.of(idB), view.queue(OWNER, "reports").orElseThrow().liveHosts());
            assertEquals(List.of(), view.queue(OWNER, "orphan").orElseThrow().liveHosts(),
                    "no live host runs the orphan queue: the console's hint");
            assertEquals(List.of(), view.queues().stream().filter(q -> q.name().equals("orphan")).findFirst()
                    .map(OperatorQueue::liveHosts).orElseThrow());
        }
        assertTrue(a.operator().hosts().stream().anyMatch(h -> h.id().equals(idA) && h.thisHost()));
        assertTrue(stored.hosts().stream().noneMatch(OperatorHost::thisHost), "a view with no host is none of them");

        b.close();
        assertEquals(List.of(idA), ids(a.operator()), "a host that closes removes its heartbeat");
        assertEquals(List.of(idA), ids(stored));
        assertEquals(List.of(), stored.queue(OWNER, "reports").orElseThrow().liveHosts(),
                "reports is run by no live host once b is gone");
    }

    @Test
    @DisplayName("R35 the per-minute charts count the runs of every live host, in any host's view and with no host")
    void r35_chartsCountAcrossHosts() throws Exception {
        TaskHost a = host();
        TaskHost b = host();
        a.service(OWNER, 4, task -> "a").createQueue("other", QueueConfig.defaults());
        TaskService onB = b.service(OWNER, 4, task -> {
            if (new String(task.payload()).equals("fail")) {
                throw new IllegalStateException("no");
            }
            return "b";
        });
        onB.createQueue("reports", QueueConfig.builder().maxRetries(0).build());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(onB.enqueue("reports", "ok".getBytes()));
        }
        ids.add(onB.enqueue("reports", "fail".getBytes()));
        await("b to run them", () -> ids.stream().allMatch(id -> onB.get(id).status().isTerminal()));
        assertEquals(TaskStatus.FAILED, onB.get(ids.get(3)).status());

        OperatorView onHostA = a.operator();
        OperatorView stored = storeView().view();
        for (OperatorView view : List.of(onHostA, stored)) {
            await("b's beat to carry its counts", () -> view.activity(OWNER, "reports")
                    .filter(x -> sum(x.completions()) == 3).isPresent());
            QueueActivity activity = view.activity(OWNER, "reports").orElseThrow();
            assertEquals(4, sum(activity.starts()));
            assertEquals(3, sum(activity.completions()));
            assertEquals(1, sum(activity.failures()));
            assertEquals(60, activity.starts().size());
            assertEquals(activity, view.activities(OWNER).get("reports"));
        }
        assertEquals(Optional.empty(), stored.activity(OWNER, "nothing"));

        // Both hosts run one queue: the chart is their sum.
        TaskService onA = a.service(OWNER, 4, task -> "a");
        onA.createQueue("reports", QueueConfig.builder().maxRetries(0).build());
        String fromA = onA.enqueue("reports", "ok".getBytes());
        String fromB = onB.enqueue("reports", "ok".getBytes());
        await("both to complete", () -> onA.get(fromA).status() == TaskStatus.COMPLETED
                && onA.get(fromB).status() == TaskStatus.COMPLETED);
        await("the sum over both hosts", () -> stored.activity(OWNER, "reports")
                .filter(x -> sum(x.completions()) == 5).isPresent());
        await("host b's view sums a's runs too", () -> b.operator().activity(OWNER, "reports")
                .filter(x -> sum(x.completions()) == 5).isPresent());
    }

    @Test
    @Tag("crash")
    @DisplayName("R35 a host killed with SIGKILL drops out of the live hosts once its heartbeat runs out")
    void r35_killedHostDropsOutWithinTheBound(@TempDir Path dir) throws Exception {
        TaskHost a = host();
        a.service(OWNER, 1, task -> "a").createQueue("mail", QueueConfig.defaults());
        Path output = Files.createTempFile(dir, "child", ".log");
        try (ChildJvm child = ChildJvm.start(output, LiveHostChild.class, database.url(), database.user(),
                database.password(), schema)) {
            child.awaitPrinted("ready", Await.LIMIT);
            OperatorView view = a.operator();
            await("the child to be listed with its queue", () -> view.hosts().stream()
                    .anyMatch(h -> !h.thisHost() && h.runs().stream().anyMatch(r -> r.queue().equals(LiveHostChild.QUEUE))));
            String childId = view.hosts().stream().filter(h -> !h.thisHost()).findFirst().orElseThrow().id();
            assertEquals(List.of(childId), view.queue(OWNER, LiveHostChild.QUEUE).orElseThrow().liveHosts());

            child.kill();
            long killed = System.nanoTime();
            await("the killed host to drop out", () -> view.hosts().stream().noneMatch(h -> h.id().equals(childId)));
            Duration gone = Duration.ofNanos(System.nanoTime() - killed);
            System.out.println("killed host dropped out after " + gone.toMillis() + " ms (its beat lives "
                    + LIVE_FOR.toMillis() + " ms)");
            assertTrue(gone.compareTo(LIVE_FOR.plusSeconds(1)) <= 0, "dropped out within the bound: " + gone);
            assertEquals(List.of(), view.queue(OWNER, LiveHostChild.QUEUE).orElseThrow().liveHosts(),
                    "no live host runs the killed host's queue: the console's hint");
            assertEquals(1, view.hosts().size());
        }
    }
}
