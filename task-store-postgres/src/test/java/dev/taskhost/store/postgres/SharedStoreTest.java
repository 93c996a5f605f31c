package dev.taskhost.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.RunRef;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.core.spi.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Several hosts on one schema, as several stores opened on it: what the database must decide for
 * all of them at once (R35, R36, R43), leases on its clock (R37), wake-ups (R39) and dropped
 * connections (R40). Waits for wake-ups are bounded generously and never timed.
 */
class SharedStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final StoreContext CONTEXT = new StoreContext(Optional.empty());

    private final TestDatabase database = TestDatabase.get();
    private final String schema = TestDatabase.freshSchema();
    private final List<TaskStore> stores = new ArrayList<>();
    private TaskStore hostA;
    private TaskStore hostB;

    @BeforeEach
    void openTwoHosts() {
        hostA = open();
        hostB = open();
    }

    @AfterEach
    void close() {
        stores.forEach(TaskStore::close);
        database.drop(schema);
    }

    private TaskStore open() {
        TaskStore store = database.provider(schema).open(CONTEXT);
        stores.add(store);
        return store;
    }

    private static Lease lease(String holder) {
        return new Lease(holder, LEASE);
    }

    private static String insert(OwnerStore owner, String queue, Instant at) {
        String id = UUID.randomUUID().toString();
        owner.insert(new NewTask(id, queue, new byte[] {1}, at));
        return id;
    }

    private static ClaimRequest request(String queue, int max, QueueConfig config, Instant now, String holder) {
        return new ClaimRequest(queue, max, config.concurrency(), config.delay(), now, lease(holder));
    }

    @Test
    @DisplayName("R35 R12 claims from two hosts at once never run more than the queue's concurrency")
    void r35_concurrencyHoldsAcrossHosts() throws Exception {
        QueueConfig config = QueueConfig.builder().concurrency(3).build();
        hostA.owner("alpha").saveQueue("q", config, T0);
        for (int i = 0; i < 200; i++) {
            insert(hostA.owner("alpha"), "q", T0);
        }
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                TaskStore host = t % 2 == 0 ? hostA : hostB;
                String holder = "host-" + t;
                workers.add(pool.submit(() -> {
                    start.await();
                    OwnerStore alpha = host.owner("alpha");
                    List<Outcome> done = List.of();
                    while (true) {
                        List<ClaimedTask> claimed = alpha.recordThenClaim(done,
                                request("q", 2, config, T0, holder)).claimed();
                        long running = alpha.countByStatus("q").getOrDefault(TaskStatus.RUNNING, 0L);
                        mostRunning.accumulateAndGet((int) running, Math::max);
                        if (claimed.isEmpty() && done.isEmpty()
                                && alpha.countByStatus("q").getOrDefault(TaskStatus.PENDING, 0L) == 0) {
                            return null;
                        }
                        completed.addAndGet(done.size());
                        done = claimed.stream().map(c -> Outcome.completed(c.id(), c.attempt(), "ok", T0)).toList();
                    }
                }));
            }
            start.countDown();
            for (Future<?> worker : workers) {
                worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Map.of(TaskStatus.COMPLETED, 200L), hostB.owner("alpha").countByStatus("q"));
        assertEquals(200, completed.get(), "each task completed once");
        assertTrue(mostRunning.get() <= 3, "at most 3 running at once, saw " + mostRunning.get());
    }

    @Test
    @DisplayName("R35 R13 R36 a start on one host holds back the other host for the delay, on the stored last start")
    void r35_delayHoldsAcrossHosts() {
        QueueConfig config = QueueConfig.builder().concurrency(5).delay(Duration.ofHours(1)).build();
        hostA.owner("alpha").saveQueue("q", config, T0);
        insert(hostA.owner("alpha"), "q", T0);
        insert(hostA.owner("alpha"), "q", T0);

        assertEquals(1, hostA.owner("alpha").claim(request("q", 5, config, T0, "a")).claimed().size(),
                "with a delay, one start per claim");
        var held = hostB.owner("alpha").claim(request("q", 5, config, T0.plus(Duration.ofMinutes(59)), "b"));
        assertEquals(List.of(), held.claimed(), "host B waits out host A's delay");
        assertEquals(Optional.of(T0), held.lastStart());
        TaskStore restarted = open();
        assertEquals(Optional.of(T0), restarted.owner("alpha").queue("q").orElseThrow().lastStart());
        assertEquals(1, restarted.owner("alpha").claim(request("q", 5, config, T0.plus(Duration.ofHours(1)), "c"))
                .claimed().size());
    }

    @Test
    @DisplayName("R35 R44 a pause stored by one host stops claims on the other, until resumed")
    void r35_pauseHoldsAcrossHosts() {
        QueueConfig config = QueueConfig.defaults();
        hostA.owner("alpha").saveQueue("q", config, T0);
        insert(hostA.owner("alpha"), "q", T0);
        hostA.owner("alpha").setPaused("q", true, T0);

        var paused = hostB.owner("alpha").claim(request("q", 1, config, T0, "b"));
        assertTrue(paused.paused());
        assertEquals(List.of(), paused.claimed());

        hostA.owner("alpha").setPaused("q", false, T0);
        assertEquals(1, hostB.owner("alpha").claim(request("q", 1, config, T0, "b")).claimed().size());
    }

    @Test
    @DisplayName("R43 R35 concurrent inserts with one key from two hosts store exactly one task, and all return its id")
    void r43_concurrentKeysAcrossHosts() throws Exception {
        hostA.owner("alpha").saveQueue("q", QueueConfig.defaults(), T0);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        Set<String> returned = new HashSet<>();
        try {
            List<Future<String>> inserts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                TaskStore host = t % 2 == 0 ? hostA : hostB;
                inserts.add(pool.submit(() -> {
                    start.await();
                    return host.owner("alpha").insert(new NewTask(UUID.randomUUID().toString(), "q", new byte[0],
                            T0, T0, 0, Optional.of("the-key")));
                }));
            }
            start.countDown();
            for (Future<String> insert : inserts) {
                returned.add(insert.get(1, TimeUnit.MINUTES));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, returned.size(), "every insert returned the one holder: " + returned);
        assertEquals(Map.of(TaskStatus.PENDING, 1L), hostB.owner("alpha").countByStatus("q"));
        assertEquals(returned, Set.of(hostB.owner("alpha").findByKey("q", "the-key").orElseThrow().id()));
    }

    @Test
    @DisplayName("R37 lease expiry is judged on the database's clock: a host whose clock runs a day ahead recovers no live run")
    void r37_hostClockAheadRecoversNothing() {
        OwnerStore onA = hostA.owner("alpha");
        onA.saveQueue("q", QueueConfig.defaults(), T0);
        insert(onA, "q", T0);
        ClaimedTask run = onA.claim(request("q", 1, QueueConfig.defaults(), T0, "a")).claimed().get(0);

        OwnerStore onB = hostB.owner("alpha");
        Instant aDayAhead = T0.plus(Duration.ofDays(1));
        assertEquals(List.of(), onB.abandoned("q", "b"), "a live lease is not abandoned");
        assertEquals(0, onB.recordAbandoned(List.of(Outcome.failed(run.id(), run.attempt(), "lease expired",
                aDayAhead)), "b"), "nor recovered, whatever time host B gives");
        assertEquals(TaskStatus.RUNNING, onB.find(run.id()).orElseThrow().status());
    }

    @Test
    @DisplayName("R37 an expired lease is abandoned for every host; recovery is guarded and the lost run is told by renewLeases")
    void r37_expiredLeaseIsRecoveredOnce() {
        OwnerStore onA = hostA.owner("alpha");
        onA.saveQueue("q", QueueConfig.defaults(), T0);
        insert(onA, "q", T0);
        ClaimedTask run = onA.claim(new ClaimRequest("q", 1, 1, Duration.ZERO, T0,
                new Lease("a", Duration.ofMillis(1)))).claimed().get(0);
        database.execute("SELECT pg_sleep(0.01)");

        OwnerStore onB = hostB.owner("alpha");
        assertEquals(List.of(run.id()), onB.abandoned("q", "b").stream().map(TaskRecord::id).toList());
        Outcome recovery = Outcome.retry(run.id(), run.attempt(), "the lease expired", T0, T0);
        assertEquals(1, onB.recordAbandoned(List.of(recovery), "b"));
        assertEquals(0, onB.recordAbandoned(List.of(recovery), "b"), "a second recovery applies nothing");
        assertEquals(0, onA.record(List.of(Outcome.completed(run.id(), run.attempt(), "late", T0))),
                "the host that lost the lease records nothing over the recovered state");
        assertEquals(Set.of(new RunRef(run.id(), run.attempt())),
                onA.renewLeases(List.of(new RunRef(run.id(), run.attempt())), lease("a")));
        TaskRecord task = onB.find(run.id()).orElseThrow();
        assertEquals(TaskStatus.PENDING, task.status());
        assertEquals("the lease expired", task.message());
        assertEquals(1, onB.claim(request("q", 1, QueueConfig.defaults(), T0, "b")).claimed().size(),
                "the recovered run freed its slot");
    }

    @Test
    @DisplayName("R37 a renewed lease is not abandoned, and a run that ended is not recovered")
    void r37_renewedOrEndedRunIsLeftAlone() {
        OwnerStore onA = hostA.owner("alpha");
        onA.saveQueue("q", QueueConfig.builder().concurrency(2).build(), T0);
        insert(onA, "q", T0);
        insert(onA, "q", T0);
        Lease shortLease = new Lease("a", Duration.ofMillis(1));
        List<ClaimedTask> runs = onA.claim(new ClaimRequest("q", 2, 2, Duration.ZERO, T0, shortLease)).claimed();
        database.execute("SELECT pg_sleep(0.01)");
        ClaimedTask renewed = runs.get(0);
        ClaimedTask ended = runs.get(1);

        assertEquals(Set.of(), onA.renewLeases(List.of(new RunRef(renewed.id(), renewed.attempt())), lease("a")));
        assertEquals(1, onA.record(List.of(Outcome.completed(ended.id(), ended.attempt(), "done", T0))));

        OwnerStore onB = hostB.owner("alpha");
        assertEquals(List.of(), onB.abandoned("q", "b"));
        assertEquals(0, onB.recordAbandoned(List.of(
                Outcome.failed(renewed.id(), renewed.attempt(), "expired", T0),
                Outcome.failed(ended.id(), ended.attempt(), "expired", T0)), "b"));
        assertEquals(TaskStatus.RUNNING, onB.find(renewed.id()).orElseThrow().status());
        assertEquals(TaskStatus.COMPLETED, onB.find(ended.id()).orElseThrow().status());
    }

    @Test
    @DisplayName("R47 R37 a run cancelled from another host is lost to its holder's renewal, and frees its slot")
    void r47_cancelledRunIsLostToRenewal() {
        OwnerStore onA = hostA.owner("alpha");
        onA.saveQueue("q", QueueConfig.defaults(), T0);
        insert(onA, "q", T0);
        String next = insert(onA, "q", T0.plusMillis(1));
        ClaimedTask run = onA.claim(request("q", 1, QueueConfig.defaults(), T0, "a")).claimed().get(0);

        assertEquals(Optional.of(TaskStatus.RUNNING), hostB.owner("alpha").cancel(run.id(), true, T0));

        RunRef ref = new RunRef(run.id(), run.attempt());
        assertEquals(Set.of(ref), onA.renewLeases(List.of(ref), lease("a")));
        assertEquals(0, onA.record(List.of(Outcome.completed(run.id(), run.attempt(), "late", T0))));
        assertEquals(TaskStatus.CANCELLED, onA.find(run.id()).orElseThrow().status());
        assertEquals(List.of(next), hostB.owner("alpha").claim(request("q", 1, QueueConfig.defaults(),
                        T0.plusSeconds(1), "b"))
                .claimed().stream().map(ClaimedTask::id).toList());
    }

    @Test
    @DisplayName("R39 an enqueue, a retry, a resume and a freed slot on one host wake the other, never itself")
    void r39_wakeUpsCrossHosts() throws Exception {
        BlockingQueue<String> wokenB = new LinkedBlockingQueue<>();
        BlockingQueue<String> wokenA = new LinkedBlockingQueue<>();
        hostB.listen((owner, queue) -> wokenB.add(owner + "/" + queue));
        hostA.listen((owner, queue) -> wokenA.add(owner + "/" + queue));
        OwnerStore onA = hostA.owner("alpha");
        QueueConfig config = QueueConfig.defaults();
        onA.saveQueue("q/1", config, T0);
        awaitListening(onA, wokenB);

        String id = insert(onA, "q/1", T0);
        assertEquals("alpha/q/1", wokenB.poll(30, TimeUnit.SECONDS), "enqueue");

        ClaimedTask run = onA.claim(request("q/1", 1, config, T0, "a")).claimed().get(0);
        insert(onA, "q/1", T0);
        assertEquals("alpha/q/1", wokenB.poll(30, TimeUnit.SECONDS));
        onA.record(List.of(Outcome.failed(run.id(), run.attempt(), "no", T0)));
        assertEquals("alpha/q/1", wokenB.poll(30, TimeUnit.SECONDS), "a freed slot with a ready task");

        onA.retry(id, T0);
        assertEquals("alpha/q/1", wokenB.poll(30, TimeUnit.SECONDS), "retry");

        onA.setPaused("q/1", true, T0);
        onA.setPaused("q/1", false, T0);
        assertEquals("alpha/q/1", wokenB.poll(30, TimeUnit.SECONDS), "resume");

        // A marker from B, which A hears: everything A sent before it reached A's listener too.
        hostB.owner("beta").saveQueue("marker", config, T0);
        insert(hostB.owner("beta"), "marker", T0);
        assertEquals("beta/marker", wokenA.poll(30, TimeUnit.SECONDS));
        assertEquals(List.of(), List.copyOf(wokenA), "a host is not woken by its own notifications");
    }

    @Test
    @DisplayName("R40 R31 connections dropped by the server: the pool and the listener reconnect by themselves")
    void r40_droppedConnectionsReconnect() throws Exception {
        BlockingQueue<String> wokenB = new LinkedBlockingQueue<>();
        hostB.listen((owner, queue) -> wokenB.add(owner + "/" + queue));
        OwnerStore onA = hostA.owner("alpha");
        onA.saveQueue("q", QueueConfig.defaults(), T0);
        awaitListening(onA, wokenB);

        database.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE application_name = 'taskhost' AND pid <> pg_backend_pid()");

        // Each pooled connection the server dropped fails the one call that meets it, with a
        // TaskStoreException; the pool then replaces it.
        String id = eventually(() -> insert(onA, "q", T0));
        assertNotNull(id, "host A works again without being reopened");
        assertEquals(TaskStatus.PENDING, eventually(() -> hostB.owner("alpha").find(id).orElseThrow().status()));
        String woken = null;
        for (int i = 0; i < 60 && !"alpha/q".equals(woken); i++) {
            woken = wokenB.poll(1, TimeUnit.SECONDS);
            if (woken == null) {
                insert(onA, "q", T0);
            }
        }
        assertEquals("alpha/q", woken, "host B's listener reconnected and hears host A again");
    }

    private static <T> T eventually(java.util.function.Supplier<T> call) {
        dev.taskhost.api.TaskStoreException last = null;
        for (int i = 0; i < 50; i++) {
            try {
                return call.get();
            } catch (dev.taskhost.api.TaskStoreException e) {
                assertTrue(e.getMessage().startsWith("PostgreSQL store"), e.getMessage());
                last = e;
            }
        }
        throw new AssertionError("still failing after 50 calls", last);
    }

    /** Enqueues into a probe queue until the listener hears it: then it is surely listening. */
    private static void awaitListening(OwnerStore owner, BlockingQueue<String> woken) throws InterruptedException {
        owner.saveQueue("probe", QueueConfig.defaults(), T0);
        for (int i = 0; i < 300; i++) {
            insert(owner, "probe", T0);
            String heard = woken.poll(100, TimeUnit.MILLISECONDS);
            if (heard != null) {
                woken.clear();
                return;
            }
        }
        throw new AssertionError("the listener never heard a notification");
    }

    @Test
    @DisplayName("R1 R2 R35 owners share the schema but never see each other's queues or tasks")
    void r1_ownersAreIsolatedInOneSchema() {
        hostA.owner("alpha").saveQueue("sync", QueueConfig.defaults(), T0);
        hostB.owner("beta").saveQueue("sync", QueueConfig.defaults(), T0);
        String alphas = insert(hostA.owner("alpha"), "sync", T0);

        assertEquals(Optional.empty(), hostB.owner("beta").find(alphas));
        assertEquals(Optional.empty(), hostB.owner("beta").cancel(alphas, true, T0));
        assertEquals(Optional.empty(), hostB.owner("beta").retry(alphas, T0));
        assertEquals(List.of(), hostB.owner("beta").claim(request("sync", 5, QueueConfig.defaults(), T0, "b"))
                .claimed());
        assertEquals(List.of("alpha", "beta"), hostB.owners());
        assertFalse(hostB.owner("beta").countByStatus("sync").containsKey(TaskStatus.PENDING));
    }
}
