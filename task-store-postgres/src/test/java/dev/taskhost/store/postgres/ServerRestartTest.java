package dev.taskhost.store.postgres;

import static dev.taskhost.store.postgres.Await.awaitReachable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * R40 with the server really stopped and started again: a server of this test's own, on its own
 * data directory and port, so that the other tests' server is left alone. Only on the embedded
 * server: a user's own server is not the tests' to stop.
 */
class ServerRestartTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path data;

    private EmbeddedPostgres server;
    private int port;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Starts the test's server on a free port, which it keeps across restarts; returns its URL. Only on
     * the embedded server: a user's own server is not the tests' to stop.
     */
    private String startOnFreePort() throws Exception {
        Assumptions.assumeTrue(TestDatabase.get().embedded(), "the tests' server is the user's own");
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        start();
        return server.getJdbcUrl("postgres", "postgres");
    }

    /** The server on the test's data directory and port: initialized when empty, kept when stopped. */
    private void start() throws Exception {
        server = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).setPort(port).start();
    }

    @Test
    @DisplayName("R40 R32 while the server is down calls throw TaskStoreException in bounded time; once it is back the same store works, its listener too, and nothing acknowledged is lost")
    void r40_serverRestart() throws Exception {
        String url = startOnFreePort();
        PostgresTaskStoreProvider provider = PostgresTaskStoreProvider.builder().jdbcUrl(url).user("postgres")
                .schema("restart").poolSize(2).build();
        try (TaskStore hostA = provider.open(new StoreContext(Optional.empty()));
             TaskStore hostB = provider.open(new StoreContext(Optional.empty()))) {
            BlockingQueue<String> wokenB = new LinkedBlockingQueue<>();
            hostB.listen((owner, queue) -> wokenB.add(owner + "/" + queue));
            OwnerStore onA = hostA.owner("alpha");
            onA.saveQueue("q", QueueConfig.defaults(), T0);
            String before = UUID.randomUUID().toString();
            onA.insert(new NewTask(before, "q", new byte[] {1}, T0));

            server.close();
            server = null;
            TaskStoreException down = assertThrows(TaskStoreException.class,
                    () -> onA.insert(new NewTask(UUID.randomUUID().toString(), "q", new byte[] {2}, T0)));
            assertTrue(down.getMessage().startsWith("PostgreSQL store"), down.getMessage());

            start();
            // One id for every try: an enqueue that failed after its commit is stored once all the same (R32).
            String after = UUID.randomUUID().toString();
            awaitReachable("an enqueue once the server is back", Duration.ofSeconds(60), () ->
                    onA.insert(new NewTask(after, "q", new byte[] {3}, T0)).equals(after));
            assertEquals(TaskStatus.PENDING, onA.find(before).orElseThrow().status(), "acknowledged before: kept");
            assertEquals(TaskStatus.PENDING, onA.find(after).orElseThrow().status());
            String woken = null;
            for (int i = 0; i < 60 && !"alpha/q".equals(woken); i++) {
                woken = wokenB.poll(1, TimeUnit.SECONDS);
                if (woken == null) {
                    onA.insert(new NewTask(UUID.randomUUID().toString(), "q", new byte[] {4}, T0));
                }
            }
            assertEquals("alpha/q", woken, "host B's listener reconnected by itself");
        }
    }

    @Test
    @DisplayName("R40 R32 a run that ends while the server is down has its outcome recorded by the host once the server is back; calls meanwhile throw TaskStoreException")
    void r40_outcomeRecordedOnceTheServerIsBack() throws Exception {
        String url = startOnFreePort();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (TaskHost host = TaskHost.builder().store(PostgresTaskStoreProvider.builder().jdbcUrl(url)
                .user("postgres").schema("restart_host").poolSize(2).build()).build()) {
            TaskService service = host.service("alpha", 1, task -> {
                started.countDown();
                assertTrue(finish.await(60, TimeUnit.SECONDS));
                return "ended while the server was down";
            });
            service.createQueue("q", QueueConfig.defaults());
            String id = service.enqueue("q", new byte[] {1});
            assertTrue(started.await(60, TimeUnit.SECONDS));

            server.close();
            server = null;
            finish.countDown();
            assertThrows(TaskStoreException.class, () -> service.get(id));
            start();
            awaitReachable("the run's outcome recorded once the server is back", Duration.ofSeconds(60),
                    () -> service.get(id).status() == TaskStatus.COMPLETED);
            TaskInfo info = service.get(id);
            assertEquals("ended while the server was down", info.message());
            assertEquals(1, info.attempt(), "recorded by the host, not recovered");
        }
    }
}
