package dev.taskhost.samples.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo marks the queues of owners whose plugin JAR is not in the plugins directory now. */
class NotInstalledTest {
    @TempDir
    Path plugins;

    @Test
    void ownersWithoutAPluginJarAreMarkedAndTheOthersShownAsTheyAre() throws IOException {
        Files.write(plugins.resolve("installed.jar"), new byte[0]);
        List<QueueCounts> stored = List.of(new QueueCounts("installed", "q", 1, 0, 2, 0, 0),
                new QueueCounts("removed", "q", 3, 0, 4, 0, 0));

        List<QueueCounts> marked = NotInstalled.mark(stored, plugins);

        assertEquals(List.of(stored.get(0), new QueueCounts("removed (not installed)", "q", 3, 0, 4, 0, 0)), marked);
        StringWriter written = new StringWriter();
        NotInstalled.marking(ProgressDisplay.on(new PrintWriter(written), false), plugins)
                .last(Duration.ofSeconds(1), stored);
        assertTrue(written.toString().contains("removed (not installed)"), written.toString());
        assertTrue(!written.toString().contains("installed (not installed)"), written.toString());
    }
}
