package dev.taskhost.samples.libraryscan;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.plugin.PluginManifest;
import dev.taskhost.testkit.FakeTaskService;
import dev.taskhost.testkit.ManualClock;
import dev.taskhost.testkit.TestPluginContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The plugin as its author tests it: started on a fake task service whose manual clock is also the
 * library's: scanning a file moves the clock by the file's scan time instead of sleeping.
 */
class LibraryScanPluginTest {
    private final ManualClock clock = ManualClock.create();
    /** What {@code get} showed of the running scan's progress before each file, in order. */
    private final List<Optional<TaskProgress>> seenWhileRunning = new ArrayList<>();
    private TestPluginContext context;

    private FakeTaskService startedWith(Map<String, String> config) {
        context = context(config);
        SimulatedLibrary library = new SimulatedLibrary(duration -> {
            seenWhileRunning.add(running().progress());
            clock.advance(duration);
        });
        new LibraryScanPlugin(library).start(context);
        return context.tasks();
    }

    /** The one scan running now. */
    private TaskInfo running() {
        List<TaskInfo> running = context.tasks().tasks(LibraryScanPlugin.QUEUE).stream()
                .filter(task -> task.status() == TaskStatus.RUNNING).toList();
        assertEquals(1, running.size(), running.toString());
        return running.get(0);
    }

    @Test
    void r43_eachFolderIsEnqueuedWithItsKeyAndARestartEnqueuesOnlyWhatIsNotStored() {
        FakeTaskService tasks = startedWith(Map.of("folders", "3"));
        assertEquals(List.of(Optional.of("folder-1"), Optional.of("folder-2"), Optional.of("folder-3")),
                tasks.tasks(LibraryScanPlugin.QUEUE).stream().map(TaskInfo::key).toList());

        tasks.runDue();
        assertEquals(List.of("music/jazz", "music/classical", "photos/2019"),
                tasks.tasks(LibraryScanPlugin.QUEUE).stream().map(LibraryScanPluginTest::folderScanned).toList(),
                "each payload names the folder its task scanned");
        assertEquals(0, LibraryScanPlugin.enqueueBatch(tasks, 3), "finished scans keep their keys: nothing again");
        assertEquals(2, LibraryScanPlugin.enqueueBatch(tasks, 5), "a larger batch adds only the new folders");
        assertEquals(List.of("folder-1", "folder-2", "folder-3", "folder-4", "folder-5"),
                tasks.tasks(LibraryScanPlugin.QUEUE).stream().map(task -> task.key().orElseThrow()).toList());
    }

    @Test
    void r48_aScanReportsAfterEveryFileAndGetShowsTheLastReportWhileItRunsAndAfterItEnds() {
        FakeTaskService tasks = startedWith(Map.of("folders", "1"));
        String folder = SimulatedLibrary.folder(1);
        int files = SimulatedLibrary.fileCount(folder);
        String id = tasks.tasks(LibraryScanPlugin.QUEUE).get(0).id();

        assertEquals(1, tasks.runDue());

        List<Integer> percents = seenWhileRunning.stream().map(seen -> seen.orElseThrow().percent()).toList();
        assertEquals(IntStream.range(0, files).map(done -> 100 * done / files).boxed().toList(), percents,
                "before each file, the percentage of the files done so far");
        assertEquals("opening music/jazz", seenWhileRunning.get(0).orElseThrow().note());
        assertEquals("music/jazz/001.flac", seenWhileRunning.get(1).orElseThrow().note());
        TaskInfo done = tasks.get(id);
        assertEquals(TaskStatus.COMPLETED, done.status());
        assertEquals("scanned " + files + " files of music/jazz", done.message());
        assertEquals(100, done.progress().orElseThrow().percent());
        assertEquals(SimulatedLibrary.file(folder, files), done.progress().orElseThrow().note());
    }

    @Test
    void eachScanTakesSecondsOnTheClockAndTheLongestFitsTheTimeout() {
        FakeTaskService tasks = startedWith(Map.of("folders", "10"));
        List<Duration> took = new ArrayList<>();
        for (int n = 1; n <= 10; n++) {
            String folder = SimulatedLibrary.folder(n);
            took.add(IntStream.rangeClosed(1, SimulatedLibrary.fileCount(folder))
                    .mapToObj(i -> SimulatedLibrary.scanTime(folder, i)).reduce(Duration.ZERO, Duration::plus));
        }
        assertTrue(took.stream().allMatch(each -> each.compareTo(Duration.ofSeconds(1)) >= 0), took.toString());
        Duration longest = took.stream().max(Duration::compareTo).orElseThrow();
        assertTrue(longest.compareTo(LibraryScanPlugin.QUEUE_CONFIG.timeout()) < 0, longest.toString());

        String locked = SimulatedLibrary.LOCKED;
        Duration lockedPart = IntStream.rangeClosed(1, SimulatedLibrary.fileCount(locked) / 2 + 1)
                .mapToObj(i -> SimulatedLibrary.scanTime(locked, i)).reduce(Duration.ZERO, Duration::plus);
        Duration expected = took.stream().reduce(Duration.ZERO, Duration::plus).minus(took.get(6)).plus(lockedPart);
        Instant before = clock.instant();
        tasks.runDue();
        assertEquals(expected, Duration.between(before, clock.instant()),
                "the clock moved by every file's scan time; the locked folder's up to its first unreadable file");
    }

    @Test
    void r46_theLockedFolderFailsAtOnceWithoutARetryAndKeepsHowFarItGot() {
        FakeTaskService tasks = startedWith(Map.of("folders", "7"));
        TaskInfo locked = tasks.tasks(LibraryScanPlugin.QUEUE).get(6);
        assertEquals(SimulatedLibrary.LOCKED, SimulatedLibrary.folder(7));
        int files = SimulatedLibrary.fileCount(SimulatedLibrary.LOCKED);

        tasks.runDue();
        assertEquals(0, tasks.advance(Duration.ofHours(1)), "no retry, though the queue allows "
                + LibraryScanPlugin.MAX_RETRIES);

        TaskInfo failed = tasks.get(locked.id());
        assertEquals(TaskStatus.FAILED, failed.status());
        assertEquals(1, failed.attempt());
        int firstUnreadable = files / 2 + 1;
        assertEquals("permission denied: " + SimulatedLibrary.file(SimulatedLibrary.LOCKED, firstUnreadable),
                failed.message());
        assertEquals(100 * (firstUnreadable - 1) / files, failed.progress().orElseThrow().percent(),
                "the last report, of the last file it could read, stays (R48)");
        assertEquals(6, tasks.tasks(LibraryScanPlugin.QUEUE).stream()
                .filter(task -> task.status() == TaskStatus.COMPLETED).count());
    }

    @Test
    void r46_aPayloadThatNamesNoFolderFailsOnlyItsOwnTaskAtOnce() {
        FakeTaskService tasks = startedWith(Map.of("folders", "1"));
        String bad = tasks.enqueue(LibraryScanPlugin.QUEUE, "../../etc".getBytes(UTF_8));
        String again = tasks.enqueue(LibraryScanPlugin.QUEUE, "music/jazz-1".getBytes(UTF_8));

        tasks.runDue();
        tasks.advance(Duration.ofHours(1));

        for (String id : List.of(bad, again)) {
            TaskInfo refused = tasks.get(id);
            assertEquals(TaskStatus.FAILED, refused.status(), refused.toString());
            assertEquals(1, refused.attempt(), refused.toString());
        }
        assertEquals("no folder '../../etc' in the library", tasks.get(bad).message());
        assertEquals(TaskStatus.COMPLETED, tasks.tasks(LibraryScanPlugin.QUEUE).get(0).status());
        assertTrue(SimulatedLibrary.has("music/jazz-2") && SimulatedLibrary.has("photos/2022"));
        assertEquals("music/jazz-2", SimulatedLibrary.folder(11));
    }

    @Test
    void r28_aBadFoldersSettingFailsStartBeforeAnyQueueIsCreatedAndNoneMeansTheDefault() {
        TestPluginContext refused = context(Map.of("folders", "-1"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new LibraryScanPlugin(new SimulatedLibrary(duration -> { })).start(refused));
        assertEquals("setting 'folders' of plugin 'library-scan' must be a whole number from 0 to 10000, was '-1'",
                error.getMessage());
        assertFalse(refused.askedForTasks());

        FakeTaskService withDefaults = startedWith(Map.of());
        assertEquals(LibraryScanPlugin.DEFAULT_FOLDERS, withDefaults.tasks(LibraryScanPlugin.QUEUE).size());
    }

    /** The folder a completed scan's message names. */
    private static String folderScanned(TaskInfo task) {
        assertEquals(TaskStatus.COMPLETED, task.status(), task.toString());
        return task.message().substring(task.message().indexOf(" files of ") + " files of ".length());
    }

    /** What the host hands the plugin, as its manifest (pom.xml) says: the taskqueue permission, a budget of 2. */
    private TestPluginContext context(Map<String, String> config) {
        return TestPluginContext.builder("library-scan").name("Library scan").permissions(PluginManifest.TASKQUEUE)
                .maxConcurrency(2).config(config).clock(clock).build();
    }
}
