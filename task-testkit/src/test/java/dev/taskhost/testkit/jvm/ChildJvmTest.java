package dev.taskhost.testkit.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared child-JVM helper: a test class as the main class runs in the child inside the module under test. */
class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void aPatchedTestClassRunsInTheSameModuleInTheChild() throws Exception {
        try (ChildJvm child = ChildJvm.start(dir.resolve("echo.out"), EchoChild.class, "a", "b")) {
            assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child::output);
            assertTrue(child.printed("ready"), child::output);
            assertTrue(child.printed("args a b"), child::output);
            assertTrue(child.printed("module " + EchoChild.class.getModule().getName()), child::output);
            assertEquals(false, child.alive());
        }
    }
}
