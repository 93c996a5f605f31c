package dev.taskhost.samples.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import dev.taskhost.api.TaskProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's two ways of showing progress: redrawn in place on a terminal, plain lines elsewhere. */
class ProgressDisplayTest {
    private static final List<QueueCounts> STARTING = List.of(new QueueCounts("sync", "pages", 5, 1, 0, 0, 0));
    private static final List<QueueCounts> LATER = List.of(new QueueCounts("sync", "pages", 3, 1, 2, 0, 0));

    private final StringWriter written = new StringWriter();
    private final PrintWriter out = new PrintWriter(written);

    @Test
    void onATerminalEachFrameMovesBackUpOverTheLastAndErasesIt() {
        ProgressDisplay display = ProgressDisplay.on(out, true);

        display.show(Duration.ofSeconds(1), STARTING);
        String first = written.toString();
        assertFalse(first.contains("\u001b["), "the first frame draws below what is there");
        assertEquals(3, first.lines().count(), first);

        display.show(Duration.ofSeconds(2), LATER);
        String second = written.toString().substring(first.length());
        assertTrue(second.startsWith("\r\u001b[3A\u001b[J"), "up over the 3 lines of the first frame, then erase");
        assertTrue(second.lines().map(line -> line.strip().split(" {2,}"))
                .anyMatch(cells -> cells.length == 6 && cells[0].equals("sync") && cells[4].equals("2")), second);

        int drawn = written.toString().length();
        display.show(Duration.ofMillis(2500), LATER);
        assertEquals(drawn, written.toString().length(), "a frame like the last one is not drawn again");

        display.last(Duration.ofMillis(2750), LATER);
        assertTrue(written.toString().substring(drawn).startsWith("\r\u001b[3A\u001b[J"),
                "the last frame is drawn even if it looks the same, over whatever the terminal echoed");
        int end = written.toString().length();
        out.println("after");
        out.flush();
        assertEquals("after", written.toString().substring(end).strip(), "what follows the last frame goes below it");
    }

    @Test
    void elsewhereALineIsPrintedPerQueueWhenTheCountsChangeAtMostOnceASecond() {
        ProgressDisplay display = ProgressDisplay.on(out, false);

        display.show(Duration.ZERO, STARTING);
        display.show(Duration.ofMillis(250), STARTING);
        display.show(Duration.ofMillis(500), LATER);
        assertEquals(List.of("[   0 s] sync/pages: 5 pending, 1 running, 0 completed, 0 failed"), lines());

        display.show(Duration.ofMillis(1000), LATER);
        display.show(Duration.ofMillis(1250), LATER);
        assertEquals(List.of(
                "[   0 s] sync/pages: 5 pending, 1 running, 0 completed, 0 failed",
                "[   1 s] sync/pages: 3 pending, 1 running, 2 completed, 0 failed"), lines());

        display.last(Duration.ofMillis(1300), LATER);
        assertEquals(2, lines().size(), "the last counts were shown already");
        assertFalse(written.toString().contains("\u001b["));
    }

    @Test
    void elsewhereOnlyTheQueuesThatChangedArePrintedAgain() {
        ProgressDisplay display = ProgressDisplay.on(out, false);
        QueueCounts idle = new QueueCounts("mail", "digest", 0, 0, 7, 1, 0);

        display.show(Duration.ZERO, List.of(idle, STARTING.get(0)));
        display.show(Duration.ofSeconds(1), List.of(idle, LATER.get(0)));
        display.show(Duration.ofSeconds(2), List.of(idle, LATER.get(0)));
        display.last(Duration.ofSeconds(3), List.of(new QueueCounts("mail", "digest", 0, 0, 7, 1, 2), LATER.get(0)));

        assertEquals(List.of(
                "[   0 s] mail/digest: 0 pending, 0 running, 7 completed, 1 failed",
                "[   0 s] sync/pages: 5 pending, 1 running, 0 completed, 0 failed",
                "[   1 s] sync/pages: 3 pending, 1 running, 2 completed, 0 failed"), lines(),
                "an unchanged queue, or one whose printed line would read the same, is not printed again");
    }

    private static TaskProgress at(int percent, String note) {
        return new TaskProgress(percent, note, Instant.EPOCH);
    }

    private static QueueCounts scanning(RunProgress... runs) {
        return new QueueCounts("library-scan", "scans", 3, runs.length, 1, 0, 0, false, List.of(runs));
    }

    @Test
    void r48_onATerminalEachRunningTaskHasABarOfItsLastReportRedrawnInPlaceAsItMoves() {
        ProgressDisplay display = ProgressDisplay.on(out, true);
        QueueCounts first = scanning(new RunProgress("a", Optional.of(at(40, "music/jazz/008.flac"))),
                new RunProgress("b", Optional.empty()));

        display.show(Duration.ofSeconds(1), List.of(first));
        List<String> frame = lines();
        assertEquals(List.of(
                "  Running:",
                "  library-scan/scans  [########............]  40%  music/jazz/008.flac",
                "  library-scan/scans  [....................]   0%  (no progress reported yet)"),
                frame.subList(frame.size() - 3, frame.size()), written.toString());

        int drawn = written.toString().length();
        display.show(Duration.ofSeconds(1), List.of(scanning(
                new RunProgress("a", Optional.of(at(45, "music/jazz/009.flac"))),
                new RunProgress("b", Optional.of(at(100, "photos/2019/012.jpg"))))));
        String second = written.toString().substring(drawn);
        assertTrue(second.startsWith("\r\u001b[" + frame.size() + "A\u001b[J"),
                "the counts did not change, the progress did: the frame is redrawn over the last " + second);
        assertTrue(second.contains("  library-scan/scans  [#########...........]  45%  music/jazz/009.flac\n"), second);
        assertTrue(second.contains("  library-scan/scans  [####################] 100%  photos/2019/012.jpg\n"), second);

        int redrawn = written.toString().length();
        display.show(Duration.ofSeconds(2), List.of(new QueueCounts("library-scan", "scans", 3, 0, 3, 0, 0)));
        String third = written.toString().substring(redrawn);
        assertFalse(third.contains("Running:") || third.contains("[#"), "no bars once nothing runs: " + third);
    }

    @Test
    void r48_aNoteIsCutToOneShortLineAndItsControlCharactersMoveNoCursor() {
        ProgressDisplay display = ProgressDisplay.on(out, true);
        String note = "evil\u001b[2J\nnext line " + "x".repeat(100);

        display.show(Duration.ZERO, List.of(scanning(new RunProgress("a", Optional.of(at(5, note))))));

        String bar = lines().get(lines().size() - 1);
        assertFalse(written.toString().contains("\u001b[2J"), written.toString());
        assertTrue(bar.endsWith("  evil?[2J⏎next line " + "x".repeat(ProgressDisplay.NOTE_WIDTH - 20) + "…"), bar);
    }

    @Test
    void r48_elsewhereARunningTasksProgressIsPrintedOnlyWhenItChangedAtMostOnceASecond() {
        ProgressDisplay display = ProgressDisplay.on(out, false);
        RunProgress silent = new RunProgress("b", Optional.empty());

        display.show(Duration.ZERO, List.of(scanning(new RunProgress("a", Optional.of(at(10, "music/jazz/002.flac"))),
                silent)));
        display.show(Duration.ofMillis(500), List.of(scanning(
                new RunProgress("a", Optional.of(at(20, "music/jazz/004.flac"))), silent)));
        display.show(Duration.ofMillis(1000), List.of(scanning(
                new RunProgress("a", Optional.of(at(30, "music/jazz/006.flac"))), silent)));
        display.show(Duration.ofMillis(2000), List.of(scanning(
                new RunProgress("a", Optional.of(at(30, "music/jazz/006.flac"))), silent)));
        display.last(Duration.ofMillis(2100), List.of(new QueueCounts("library-scan", "scans", 3, 0, 3, 0, 0)));

        assertEquals(List.of(
                "[   0 s] library-scan/scans: 3 pending, 2 running, 1 completed, 0 failed",
                "[   0 s] library-scan/scans: task a at 10%, music/jazz/002.flac",
                "[   1 s] library-scan/scans: task a at 30%, music/jazz/006.flac",
                "[   2 s] library-scan/scans: 3 pending, 0 running, 3 completed, 0 failed"), lines(),
                "a task with no report, or whose report did not change, prints nothing");
    }

    @Test
    void r44_aPausedQueueIsSaidToBePausedOnATerminalAndElsewhere() {
        QueueCounts paused = new QueueCounts("mail", "digest", 4, 0, 0, 0, 0, true, List.of());

        ProgressDisplay.on(out, false).show(Duration.ZERO, List.of(paused));
        assertEquals(List.of("[   0 s] mail/digest (paused): 4 pending, 0 running, 0 completed, 0 failed"), lines());

        assertTrue(ProgressDisplay.table(List.of(paused)).stream()
                .anyMatch(line -> List.of(line.split(" {2,}")).equals(List.of("mail", "digest (paused)", "4", "0", "0", "0"))),
                ProgressDisplay.table(List.of(paused)).toString());
    }

    private List<String> lines() {
        out.flush();
        return written.toString().lines().toList();
    }
}
