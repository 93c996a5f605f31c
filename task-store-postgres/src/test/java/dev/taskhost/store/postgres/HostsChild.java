package dev.taskhost.store.postgres;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.TaskHost;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * One host of the many-hosts suite, in a JVM of its own: it opens {@link HostsPlan}'s queues on the
 * shared schema and logs, in a file of its own life, what its store saw: each claim once the store
 * returned it ({@code C <micros> <claimNowMillis> <queue> <id> <attempt>}), each run's end before the
 * call that records it ({@code E <micros> <id> <attempt>}), each recovery once the store returned
 * ({@code R <micros> <id> <attempt>}), and each task once its enqueue returned ({@code Q <id> <queue>}).
 * The claim is logged after it is stored and the end before, so that a logged run lies inside the
 * time the store counted it running: an overlap in the log is an overlap in the store. Each line is
 * one append-mode write, so a SIGKILL loses at most the end of the last line. A SIGTERM closes the
 * host. Prints {@code ready} once its queues are open.
 *
 * <p>Usage: {@code HostsChild <jdbcUrl> <schema> <logFile> <seed> <enqueueCount> <enqueuePerSecond>}
 */
public final class HostsChild {

    private HostsChild() {
    }

    /**
     * Runs until stopped.
     *
     * @throws Exception if the host cannot start
     */
    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Throwable e) {
            // Every host thread is a daemon: a main that ends would end the JVM, and its close would
            // give its runs' attempts back (R22). Say so, loudly, rather than look like a quiet exit.
            e.printStackTrace(System.out);
            System.out.println("failed");
            System.out.flush();
            throw e;
        }
    }

    private static void run(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        Log log = new Log(new FileOutputStream(Path.of(args[2]).toFile(), true));
        long seed = Long.parseLong(args[3]);
        int count = Integer.parseInt(args[4]);
        int perSecond = Integer.parseInt(args[5]);
        PostgresTaskStoreProvider postgres = PostgresTaskStoreProvider.builder().jdbcUrl(url).user("postgres")
                .schema(schema).poolSize(4).build();
        TaskHost host = TaskHost.builder()
                .store(WrappedStoreProvider.wrapping(postgres, "logged", store -> new LoggedStore(store, log)))
                .lease(HostsPlan.LEASE).poll(HostsPlan.POLL).shutdownGrace(Duration.ZERO).build();
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "close-on-sigterm"));
        TaskService service = host.service(HostsPlan.OWNER, HostsPlan.budget(), task -> {
            String[] fields = new String(task.payload(), StandardCharsets.US_ASCII).split(":");
            TimeUnit.MILLISECONDS.sleep(Integer.parseInt(fields[2]));
            if ("FAIL".equals(fields[0])) {
                throw new IllegalStateException("made to fail attempt " + task.attempt());
            }
            return "done";
        });
        for (HostsPlan.PlanQueue queue : HostsPlan.QUEUES) {
            service.createQueue(queue.name(), queue.config());
        }
        PrintStream out = System.out;
        out.println("ready");
        out.flush();
        enqueue(service, log, new Random(seed), count, perSecond);
        out.println("enqueued");
        out.flush();
        new CountDownLatch(1).await();
    }

    private static void enqueue(TaskService service, Log log, Random random, int count, int perSecond)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        int retried = 0;
        for (int i = 0; i < count; i++) {
            HostsPlan.PlanQueue queue = pick(random.nextInt(1000));
            int work = queue.minWorkMillis() + random.nextInt(queue.maxWorkMillis() - queue.minWorkMillis() + 1);
            String kind = random.nextInt(100) < queue.failPerHundred() ? "FAIL" : "OK";
            byte[] payload = (kind + ":" + i + ":" + work).getBytes(StandardCharsets.US_ASCII);
            String id;
            while (true) {
                try {
                    id = service.enqueue(queue.name(), payload);
                    break;
                } catch (TaskStoreException down) {
                    // The server is restarting (R40): the call failed, so this task is not acknowledged
                    // and is enqueued again. Had the failed call stored it after all, that task runs
                    // unacknowledged: its runs are in the log, it is just not one the suite counts as owed.
                    retried++;
                    TimeUnit.MILLISECONDS.sleep(100);
                }
            }
            log.append("Q " + id + " " + queue.name() + " " + kind);
            long due = start + TimeUnit.SECONDS.toNanos(i + 1) / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
        System.out.println("enqueues tried again after a store failure: " + retried);
    }

    private static HostsPlan.PlanQueue pick(int perThousand) {
        int sum = 0;
        for (HostsPlan.PlanQueue queue : HostsPlan.QUEUES) {
            sum += queue.share();
            if (perThousand < sum) {
                return queue;
            }
        }
        return HostsPlan.QUEUES.get(HostsPlan.QUEUES.size() - 1);
    }

    /** Microseconds since the epoch, on the machine's clock, which every host of the suite shares. */
    static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** The life's log file: one append-mode write per line. Thread-safe. */
    static final class Log {
        private final FileOutputStream out;

        Log(FileOutputStream out) {
            this.out = out;
        }

        synchronized void append(String line) {
            try {
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException("the host could not log", e);
            }
        }
    }

    /** The real owner store, with claims, ends and recoveries logged around the calls. */
    private static final class LoggedStore extends ForwardingOwnerStore {
        private final Log log;

        LoggedStore(OwnerStore store, Log log) {
            super(store);
            this.log = log;
        }

        private void ending(List<Outcome> outcomes) {
            long now = micros();
            for (Outcome outcome : outcomes) {
                log.append("E " + now + " " + outcome.taskId() + " " + outcome.attempt());
            }
        }

        private ClaimResult claimed(ClaimRequest request, ClaimResult result) {
            long now = micros();
            for (ClaimedTask task : result.claimed()) {
                log.append("C " + now + " " + request.now().toEpochMilli() + " " + task.queueName() + " "
                        + task.id() + " " + task.attempt());
            }
            return result;
        }

        @Override
        public ClaimResult claim(ClaimRequest request) {
            return claimed(request, super.claim(request));
        }

        @Override
        public ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request) {
            ending(outcomes);
            return claimed(request, super.recordThenClaim(outcomes, request));
        }

        @Override
        public int record(List<Outcome> outcomes) {
            ending(outcomes);
            return super.record(outcomes);
        }

        @Override
        public int recordAbandoned(List<Outcome> outcomes, String holder) {
            ending(outcomes);
            int applied = super.recordAbandoned(outcomes, holder);
            long now = micros();
            for (Outcome outcome : outcomes) {
                log.append("R " + now + " " + outcome.taskId() + " " + outcome.attempt());
            }
            return applied;
        }
    }
}
