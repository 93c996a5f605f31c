package dev.taskhost.samples.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.samples.host.internal.QueueCounts;
import dev.taskhost.samples.host.internal.StoreReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code taskhost demo} on the real sample plugin JARs, in this JVM and in a child JVM. */
class DemoCommandTest {
    private static final Pattern FETCHER_PROGRESS =
            Pattern.compile("rate-limited-fetcher/pages: (\\d+) pending, (\\d+) running, (\\d+) completed");

    @TempDir
    Path dir;

    @Test
    void r25_r27_r28_theSamplesStartTheOneWithoutPermissionFailsAloneAndTheQueuesRunToTheEnd() throws IOException {
        Path plugins = SamplePlugins.copyTo(dir.resolve("plugins"));
        Path data = dir.resolve("data");
        assertTrue(ModuleLayer.boot().findModule("dev.taskhost.samples.webhook").isEmpty()
                && ClassLoader.getSystemClassLoader().getResource("dev/taskhost/samples/webhook/WebhookDeliveryPlugin.class")
                        == null, "the plugins come from their JARs only, not from this test's own paths");

        Run run = Run.of("demo", "--data", data.toString(), "--plugins", plugins.toString(), "--exit-when-idle",
                "--set", "webhook-delivery.events=6", "--set", "rate-limited-fetcher.pages=4", "--set", "library-scan.folders=2");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("STARTED", run.row("webhook-delivery").get(1), run.toString());
        assertEquals("STARTED", run.row("rate-limited-fetcher").get(1), run.toString());
        assertEquals("STARTED", run.row("library-scan").get(1), run.toString());
        List<String> refused = run.row("no-permission");
        assertEquals("FAILED", refused.get(1), run.toString());
        assertTrue(refused.get(2).contains("PermissionDeniedException")
                && refused.get(2).contains("'taskqueue' permission"), refused.get(2));
        assertTrue(run.out().contains("Idle after"), run.toString());

        try (StoreReader reader = StoreReader.open(data)) {
            assertEquals(List.of("library-scan", "rate-limited-fetcher", "webhook-delivery"), reader.owners(),
                    "the refused plugin owns nothing (R28)");
            QueueCounts deliveries = reader.counts("webhook-delivery", "deliveries");
            assertFalse(deliveries.hasWork(), deliveries.toString());
            assertEquals(6, deliveries.completed() + deliveries.failed(), deliveries.toString());
            assertTrue(deliveries.completed() > 0, deliveries.toString());
            QueueCounts pages = reader.counts("rate-limited-fetcher", "pages");
            assertEquals(new QueueCounts("rate-limited-fetcher", "pages", 0, 0, 4, 0, 0), pages);
            assertEquals(new QueueCounts("library-scan", "scans", 0, 0, 2, 0, 0), reader.counts("library-scan", "scans"));
        }
    }

    /**
     * The demo in a child JVM, stopped by SIGTERM (what Ctrl-C's SIGINT also does: the JVM runs its
     * shutdown hooks), then run again in this JVM with the same settings: what the first run left
     * pending is finished by the second, and the plugins' keys (R43) keep the second from storing
     * the batch again, so the totals are the first run's.
     */
    @Test
    void r22_r6_r43_aStoppedDemoLeavesItsTasksPendingAndTheNextRunFinishesThemWithoutDuplicates() throws Exception {
        Path plugins = SamplePlugins.copyTo(dir.resolve("plugins"));
        Path data = dir.resolve("data");
        int events = 10;
        int pages = 10;
        int folders = 2;

        Process first = startChild("demo", "--data", data.toString(), "--plugins", plugins.toString(),
                "--set", "webhook-delivery.events=" + events, "--set", "rate-limited-fetcher.pages=" + pages,
                "--set", "library-scan.folders=" + folders);
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = collect(first, output);
        try {
            waitFor(output, first, line -> {
                Matcher progress = FETCHER_PROGRESS.matcher(line);
                return progress.find() && Integer.parseInt(progress.group(3)) >= 1;
            });
        } finally {
            // SIGTERM, through the handle: Process.destroy() would also close the output being read.
            first.toHandle().destroy();
        }
        assertTrue(first.waitFor(60, TimeUnit.SECONDS), "the demo stops on SIGTERM");
        reader.join(TimeUnit.SECONDS.toMillis(10));
        String firstOutput = String.join("\n", output);
        assertTrue(firstOutput.contains("Stopped after"), firstOutput);

        long leftPending;
        try (StoreReader store = StoreReader.open(data)) {
            List<QueueCounts> counts = store.counts();
            assertTrue(counts.stream().allMatch(queue -> queue.running() == 0),
                    "nothing is left running: the host's close gave interrupted runs back to pending (R22) " + counts);
            leftPending = counts.stream().mapToLong(QueueCounts::pending).sum();
            assertTrue(store.counts("rate-limited-fetcher", "pages").pending() > 0,
                    "the fetcher cannot have fetched 10 pages 500 ms apart by its first completion: " + counts);
        }

        Run second = Run.of("demo", "--data", data.toString(), "--plugins", plugins.toString(), "--exit-when-idle",
                "--set", "webhook-delivery.events=" + events, "--set", "rate-limited-fetcher.pages=" + pages,
                "--set", "library-scan.folders=" + folders);

        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.out().contains("Stored by earlier runs"), second.toString());
        try (StoreReader store = StoreReader.open(data)) {
            QueueCounts deliveries = store.counts("webhook-delivery", "deliveries");
            QueueCounts fetched = store.counts("rate-limited-fetcher", "pages");
            assertFalse(deliveries.hasWork() || fetched.hasWork(), deliveries + " " + fetched);
            assertEquals(events, deliveries.completed() + deliveries.failed(), deliveries.toString());
            assertEquals(pages, fetched.completed() + fetched.failed(), fetched.toString());
            QueueCounts scanned = store.counts("library-scan", "scans");
            assertEquals(new QueueCounts("library-scan", "scans", 0, 0, folders, 0, 0), scanned);
        }
        assertTrue(leftPending > 0);
    }

    @Test
    void aMissingPluginsDirectoryIsAUsageErrorThatNamesIt() {
        Path missing = dir.resolve("no-such-plugins");
        Run run = Run.of("demo", "--data", dir.resolve("data").toString(), "--plugins", missing.toString());

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("no plugins directory at " + missing.toAbsolutePath()), run.toString());
        assertFalse(Files.exists(dir.resolve("data")), "nothing is created before the arguments are checked");
    }

    @Test
    void aSettingWithoutAPluginIdIsAUsageError() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Run run = Run.of("demo", "--data", dir.resolve("data").toString(), "--plugins", plugins.toString(),
                "--set", "events=3");

        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("--set expects PLUGIN.KEY=VALUE, such as webhook-delivery.events=10; was 'events=3'"),
                run.toString());
    }

    /**
     * R23 through the console: a retention sweep on a database the host may not write (immutable,
     * which binds root too) fails, and the console shows it as one line that says where the stack
     * trace is; the trace is in the log. In a child JVM: logback writes to the process's stderr.
     */
    @Test
    void r23_aStorageErrorTakesOneLineOnTheConsoleAndItsStackTraceGoesToTheLog() throws Exception {
        Path data = dir.resolve("data");
        storedOwner(data, "other");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path database = data.resolve("other").resolve("tasks.db");

        Run run = Immutable.during(new Path[] {database}, () -> runChild("demo", "--data", data.toString(),
                "--plugins", plugins.toString(), "--exit-when-idle", "--plain"));

        List<String> failures = run.err().lines().filter(line -> line.contains("owner 'other'")).toList();
        assertEquals(1, failures.size(), run.toString());
        assertTrue(failures.get(0).startsWith("ERROR RetentionSweeper: retention sweep of owner 'other' failed")
                && failures.get(0).endsWith("(stack trace in " + data.resolve("taskhost.log") + ")"), run.toString());
        assertTrue(run.err().lines().noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by")),
                "no stack trace on the console:\n" + run);
        String log = Files.readString(data.resolve("taskhost.log"));
        assertTrue(log.contains("retention sweep of owner 'other' failed") && log.contains("\tat dev.taskhost.")
                && log.contains("Caused by: "), log);
    }

    /** A log file that cannot be created is named nowhere: no line points at a stack trace that is not there. */
    @Test
    void aLogFileThatCannotBeCreatedIsNotNamed() throws Exception {
        Path data = dir.resolve("data");
        storedOwner(data, "earlier");
        Path plugins = Files.createDirectories(dir.resolve("plugins"));

        Run run = Immutable.during(new Path[] {data}, () -> Run.of("demo", "--data", data.toString(), "--plugins",
                plugins.toString(), "--exit-when-idle", "--plain"));

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("taskhost demo: data in " + data + ", plugins from " + plugins, run.outLines().get(0));
        assertFalse(Files.exists(data.resolve("taskhost.log")), run.toString());
    }

    /** R23: a corrupt database of an owner whose plugin is not installed hides no other, and stops no demo. */
    @Test
    void r23_aCorruptOwnerIsShownInItsRowAndTheDemoGoesOn() throws Exception {
        Path plugins = SamplePlugins.copyTo(dir.resolve("plugins"));
        Path data = dir.resolve("data");
        storedOwner(data, "earlier");
        Path corrupt = Files.createDirectories(data.resolve("broken")).resolve("tasks.db");
        Files.writeString(corrupt, "not a database, and never to be overwritten");

        Run run = Run.of("demo", "--data", data.toString(), "--plugins", plugins.toString(), "--exit-when-idle",
                "--set", "webhook-delivery.events=1", "--set", "rate-limited-fetcher.pages=1", "--set", "library-scan.folders=1");

        assertEquals(0, run.exitCode(), run.toString());
        List<String> broken = run.row("broken (not installed)");
        assertEquals(2, broken.size(), run.toString());
        assertTrue(broken.get(1).startsWith("cannot be read: ") && broken.get(1).contains(corrupt.toString()),
                run.toString());
        assertEquals(List.of("earlier (not installed)", "work", "0", "0", "1", "0"), run.row("earlier (not installed)"));
        assertEquals("STARTED", run.row("webhook-delivery").get(1), run.toString());
        assertEquals("STARTED", run.row("rate-limited-fetcher").get(1), run.toString());
        assertTrue(run.out().contains("Idle after"), run.toString());
        assertEquals("not a database, and never to be overwritten", Files.readString(corrupt));
    }

    @Test
    void aDataPathThatIsAFileIsSaidInWords() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path file = Files.writeString(dir.resolve("data"), "a file");

        Run run = Run.of("demo", "--data", file.toString(), "--plugins", plugins.toString());

        assertEquals(2, run.exitCode(), run.toString());
        assertEquals("--data " + file + " is a file, not a directory: give the directory for the task databases "
                + "(it is created if missing)", run.err().lines().findFirst().orElseThrow());
        assertFalse(run.err().contains("Exception"), run.toString());

        Run below = Run.of("demo", "--data", file.resolve("below").toString(), "--plugins", plugins.toString());
        assertEquals(1, below.exitCode(), below.toString());
        assertEquals(List.of("taskhost demo: cannot create the data directory " + file.resolve("below") + ": "
                + file.toAbsolutePath().resolve("below") + ": Not a directory"), below.err().lines().toList());
    }

    @Test
    void r28_whenEveryPluginFailsTheDemoSaysSoAndExitsNonZero() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(SamplePlugins.copyTo(dir.resolve("samples")).resolve("no-permission.jar"),
                plugins.resolve("no-permission.jar"));

        Run run = Run.of("demo", "--data", dir.resolve("data").toString(), "--plugins", plugins.toString(),
                "--exit-when-idle");

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals("FAILED", run.row("no-permission").get(1), run.toString());
        assertEquals("taskhost demo: no plugin started: every plugin JAR of " + plugins + " failed (their errors are "
                + "in the DETAILS column above)", run.err().strip(), run.toString());
    }

    @Test
    void aSettingForNoInstalledPluginIsWarnedOf() throws IOException {
        Path plugins = SamplePlugins.copyTo(dir.resolve("plugins"));

        Run run = Run.of("demo", "--data", dir.resolve("data").toString(), "--plugins", plugins.toString(),
                "--exit-when-idle", "--set", "webhook-delivery.events=1", "--set", "rate-limited-fetcher.pages=1",
                "--set", "library-scan.folders=1", "--set", "mailr.mails=5");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of("taskhost demo: warning: --set mailr.mails=5 is ignored: no plugin 'mailr' in " + plugins
                + " (plugins: library-scan, no-permission, rate-limited-fetcher, webhook-delivery)"), run.err().lines().toList());
    }

    /** An owner stored by an earlier host: one queue with one completed task. */
    private static void storedOwner(Path data, String owner) throws InterruptedException {
        try (TaskHost host = TaskHost.builder().dataDirectory(data).build()) {
            TaskService tasks = host.service(owner, 1, task -> "done");
            tasks.createQueue("work", QueueConfig.defaults());
            tasks.enqueue("work", new byte[0]);
            assertTrue(host.awaitIdle(Duration.ofSeconds(60)), "the earlier host ran its task");
        }
    }

    /** The launcher in a child JVM, run to its end: its exit code, stdout and stderr apart. */
    private Run runChild(String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "child", ".out");
        Path err = Files.createTempFile(dir, "child", ".err");
        Process child = new ProcessBuilder(childCommand(args)).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child did not end in 120 s:\n" + Files.readString(out) + Files.readString(err));
        }
        return new Run(child.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Process startChild(String... args) throws IOException {
        return new ProcessBuilder(childCommand(args)).redirectErrorStream(true).start();
    }

    private static List<String> childCommand(String... args) {

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-p", System.getProperty("jdk.module.path"), "--add-modules", "ALL-MODULE-PATH"));
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(List.of("-m", "dev.taskhost.samples.host/" + Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static Thread collect(Process process, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(reading the child's output failed: " + e + ")");
            }
        }, "child-output");
        thread.start();
        return thread;
    }

    private static void waitFor(List<String> lines, Process process, java.util.function.Predicate<String> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (lines.stream().noneMatch(wanted)) {
            if (!process.isAlive()) {
                throw new AssertionError("the demo ended early:\n" + String.join("\n", lines));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the demo showed no completed fetch in 120 s:\n" + String.join("\n", lines));
            }
            Thread.sleep(100);
        }
    }
}
