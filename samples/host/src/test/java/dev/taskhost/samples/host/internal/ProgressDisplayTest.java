package dev.taskhost.samples.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
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

    private List<String> lines() {
        out.flush();
        return written.toString().lines().toList();
    }
}
