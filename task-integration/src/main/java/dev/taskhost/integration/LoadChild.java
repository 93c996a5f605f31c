package dev.taskhost.integration;

import dev.taskhost.api.Task;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A host under the crash suite's load ({@link LoadPlan}): it opens the plan's queues on the data
 * directory, and its worker appends each execution to the {@link ExecutionLog} there before working.
 * While it runs, it also enqueues a task of its own every {@link LoadPlan#ENQUEUE_PAUSE} and logs
 * each id once {@code enqueue} returned. A SIGTERM closes the host gracefully (a shutdown hook calls
 * {@link TaskHost#close()}); a SIGKILL is the crash under test. Prints {@code ready} once its queues
 * are open.
 *
 * <p>Usage: {@code LoadChild <dataDirectory> <life> <shutdownGraceMillis> run} runs until stopped;
 * {@code LoadChild <dataDirectory> <life> <shutdownGraceMillis> finish <idsFile>} runs until every
 * task listed in the file (one id a line) has ended, closes the host and exits.
 */
public final class LoadChild {
    private static final Duration FINISH_LIMIT = Duration.ofMinutes(5);

    private LoadChild() {
    }

    /**
     * Runs the load.
     *
     * @throws Exception if the host fails, or the tasks do not finish within 5 minutes
     */
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int life = Integer.parseInt(args[1]);
        Duration grace = Duration.ofMillis(Long.parseLong(args[2]));
        boolean finish = "finish".equals(args[3]);
        PrintStream out = System.out;

        ExecutionLog log = ExecutionLog.open(data.resolve(ExecutionLog.FILE_NAME));
        TaskHost host = TaskHost.builder().dataDirectory(data).shutdownGrace(grace).build();
        // Registered before any queue opens, so a SIGTERM always finds the runs to hand back (R22).
        Runtime.getRuntime().addShutdownHook(new Thread(host::close, "close-on-sigterm"));
        TaskService service = host.service(LoadPlan.OWNER, LoadPlan.CONCURRENCY * LoadPlan.QUEUES.size(),
                task -> work(task, life, log));
        for (String queue : LoadPlan.QUEUES) {
            service.createQueue(queue, LoadPlan.queueConfig());
        }
        out.println("ready");
        out.flush();
        if (!finish) {
            enqueueUntilStopped(service, life, ExecutionLog.open(data.resolve(ExecutionLog.ENQUEUED_FILE_NAME)));
            new CountDownLatch(1).await();
        }
        awaitEnded(host, service, Files.readAllLines(Path.of(args[4])));
        host.close();
        out.println("finished");
        out.flush();
    }

    private static String work(Task task, int life, ExecutionLog log) throws IOException, InterruptedException {
        log.started(life, task.taskId(), task.attempt());
        LoadPlan.Kind kind = LoadPlan.Kind.ofPayload(task.payload());
        if (kind == LoadPlan.Kind.SLOW) {
            TimeUnit.MILLISECONDS.sleep(LoadPlan.SLOW_WORK.toMillis());
        } else {
            TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextInt(500, 2_500));
        }
        if (kind == LoadPlan.Kind.FAIL) {
            throw new IllegalStateException(LoadPlan.failedMessage(task.attempt()));
        }
        return LoadPlan.completedMessage(task.attempt(), life);
    }

    private static void enqueueUntilStopped(TaskService service, int life, ExecutionLog enqueued) {
        Thread enqueuer = new Thread(() -> {
            try {
                for (int i = 0; ; i++) {
                    String queue = LoadPlan.QUEUES.get(i % LoadPlan.QUEUES.size());
                    enqueued.enqueued(life, service.enqueue(queue, LoadPlan.Kind.OK.payload(life, i)));
                    TimeUnit.MILLISECONDS.sleep(LoadPlan.ENQUEUE_PAUSE.toMillis());
                }
            } catch (IllegalStateException closed) {
                // The host was closed (SIGTERM): enqueueing is over.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException("the enqueuer could not log", e);
            }
        }, "enqueuer");
        enqueuer.setDaemon(true);
        enqueuer.start();
    }

    /** Idle is not enough: a task waiting out its backoff is neither running nor ready. */
    private static void awaitEnded(TaskHost host, TaskService service, List<String> ids) throws InterruptedException {
        long deadline = System.nanoTime() + FINISH_LIMIT.toNanos();
        int next = 0;
        while (next < ids.size()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException((ids.size() - next) + " tasks did not end within " + FINISH_LIMIT);
            }
            host.awaitIdle(Duration.ofSeconds(10));
            while (next < ids.size() && service.get(ids.get(next)).status().isTerminal()) {
                next++;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }
}
