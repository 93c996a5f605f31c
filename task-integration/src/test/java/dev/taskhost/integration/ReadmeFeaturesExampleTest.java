package dev.taskhost.integration;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the README's queue feature examples (R41 to R49) compiling and working on the real host:
 * the README shows exactly the code between each pair of markers below.
 */
class ReadmeFeaturesExampleTest {
    private final ManualClock clock = ManualClock.create();
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final CountDownLatch longRunStarted = new CountDownLatch(1);
    private TaskHost host;

    @TempDir
    Path data;

    @BeforeEach
    void start() {
        host = TaskHost.builder().dataDirectory(data).clock(clock).build();
    }

    @AfterEach
    void stop() {
        host.close();
    }

    @Test
    void r41_r42_r43_theEnqueueOptionsExample() throws Exception {
        TaskService tasks = host.service("app", 1, task -> "sent");
        tasks.createQueue("mail", QueueConfig.defaults());
        byte[] payload = "hello".getBytes(UTF_8);
        String userId = "u-17";
        // README:begin
        EnqueueOptions options = EnqueueOptions.builder()
                .runAfter(Duration.ofMinutes(10))   // R41: not before ten minutes from now
                .priority(5)                        // R42: starts before ready tasks of a lower priority
                .key("welcome-mail:" + userId)      // R43: one unfinished task per key and queue
                .build();
        String id = tasks.enqueue("mail", payload, options);
        String same = tasks.enqueue("mail", payload, options);   // the key is held: nothing stored
        // README:end
        assertEquals(id, same);
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.PENDING, tasks.get(id).status());
        clock.advance(Duration.ofMinutes(10));
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.COMPLETED, tasks.get(id).status());
    }

    @Test
    void r44_r45_r47_theQueueControlExample() throws Exception {
        TaskService tasks = host.service("app", 1, task -> {
            if (new String(task.payload(), UTF_8).equals("long")) {
                longRunStarted.countDown();
                Thread.sleep(Duration.ofMinutes(10).toMillis());
            }
            throw new IOException("mail server down");
        });
        tasks.createQueue("mail", QueueConfig.defaults());
        String failedId = tasks.enqueue("mail", "short".getBytes(UTF_8));
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.FAILED, tasks.get(failedId).status());
        String runningId = tasks.enqueue("mail", "long".getBytes(UTF_8));
        longRunStarted.await();
        // README:begin
        tasks.pauseQueue("mail");        // R44: nothing starts until resumeQueue; kept across restarts
        tasks.resumeQueue("mail");
        tasks.retry(failedId);           // R45: failed or cancelled, pending again with fresh attempts
        tasks.cancel(runningId, true);   // R47: interrupts its worker; the task ends cancelled
        // README:end
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(TaskStatus.CANCELLED, tasks.get(runningId).status());
        assertEquals(1, tasks.get(failedId).attempt(), "the retried task ran again");
    }

    @Test
    void r46_r48_theWorkerExample() throws Exception {
        // README:begin
        TaskWorker worker = task -> {
            List<String> files = filesIn(new String(task.payload(), UTF_8));
            if (files.isEmpty()) {
                throw new NonRetryableException("nothing to scan");   // R46: failed at once, no retry
            }
            for (int i = 0; i < files.size(); i++) {
                scan(files.get(i));
                task.progress(100 * (i + 1) / files.size(), files.get(i));   // R48: cheap, coalesced
            }
            return "scanned " + files.size() + " files";
        };
        // README:end
        TaskService tasks = host.service("app", 1, worker);
        tasks.createQueue("scans", QueueConfig.builder().maxRetries(3).build());
        String music = tasks.enqueue("scans", "music".getBytes(UTF_8));
        String empty = tasks.enqueue("scans", "empty".getBytes(UTF_8));
        assertTrue(host.awaitIdle(Duration.ofSeconds(10)));
        assertEquals(Optional.of(new TaskProgress(100, "c.flac", clock.instant())), tasks.get(music).progress());
        assertEquals(TaskStatus.FAILED, tasks.get(empty).status());
        assertEquals(1, tasks.get(empty).attempt());
    }

    @Test
    void r49_theListingExample() throws Exception {
        TaskService tasks = host.service("app", 1, task -> {
            throw new IOException("down");
        });
        tasks.createQueue("mail", QueueConfig.defaults());
        for (int i = 0; i < 150; i++) {
            tasks.enqueue("mail", new byte[0]);
        }
        assertTrue(host.awaitIdle(Duration.ofSeconds(30)));
        tasks.pauseQueue("mail");
        // README:begin
        for (QueueSummary queue : tasks.listQueues()) {       // R49: this owner's queues
            report(queue.name() + (queue.paused() ? " (paused): " : ": ")
                    + queue.count(TaskStatus.PENDING) + " pending, " + queue.count(TaskStatus.FAILED) + " failed");
        }
        Optional<String> cursor = Optional.empty();
        do {                                                  // every failed task, 100 at a time, oldest first
            TaskPage page = tasks.listTasks("mail", Optional.of(TaskStatus.FAILED), cursor, 100);
            page.tasks().forEach(failed -> tasks.retry(failed.id()));
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        // README:end
        assertEquals(List.of("mail (paused): 0 pending, 150 failed"), reported);
        assertEquals(150, tasks.listQueues().get(0).count(TaskStatus.PENDING));
    }

    @Test
    void theReadmeShowsTheSameCode() throws IOException {
        String source = Files.readString(Path.of(
                "src/test/java/dev/taskhost/integration/ReadmeFeaturesExampleTest.java"));
        Matcher inTest = Pattern.compile("// README:begin\\n(.*?)\\n\\s*// README:end", Pattern.DOTALL).matcher(source);
        String readme = normalized(Files.readString(Path.of("../README.md")));
        List<String> blocks = new ArrayList<>();
        while (inTest.find()) {
            blocks.add(inTest.group(1));
        }
        assertEquals(4, blocks.size());
        for (String block : blocks) {
            assertTrue(readme.contains(normalized(block)), "README.md must contain this example:\n" + block);
        }
    }

    private static List<String> filesIn(String folder) {
        return folder.equals("music") ? List.of("a.flac", "b.flac", "c.flac") : List.of();
    }

    private static void scan(String file) {
        // a real scan would read the file
    }

    private void report(String line) {
        reported.add(line);
    }

    private static String normalized(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
