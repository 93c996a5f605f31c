package dev.taskhost.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes paths read-only for a test and gives them back afterwards. The tests run as root, whom
 * permission bits do not bind, so it sets the immutable attribute ({@code chattr +i}), which binds
 * root too; where that is not possible, the test is skipped rather than faked.
 */
final class Immutable implements AutoCloseable {
    private final List<Path> paths = new ArrayList<>();

    /** What runs while the paths are read-only. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private Immutable() {
    }

    /** Runs {@code body} with {@code paths} read-only, and gives them back whatever it does. */
    static void during(Body body, Path... paths) throws Exception {
        try (Immutable readOnly = make(paths)) {
            readOnly.requireHeld();
            body.run();
        }
    }

    private void requireHeld() {
        if (paths.isEmpty()) {
            throw new IllegalStateException("no path was made read-only");
        }
    }

    static Immutable make(Path... paths) throws IOException {
        Immutable immutable = new Immutable();
        try {
            for (Path path : paths) {
                Assumptions.assumeTrue(chattr("+i", path), "chattr +i is not possible on " + path + " here");
                immutable.paths.add(path);
            }
            Assumptions.assumeFalse(Files.isDirectory(paths[0]) && canCreateIn(paths[0]),
                    "chattr +i does not stop writes to " + paths[0] + " here");
            return immutable;
        } catch (RuntimeException | Error | IOException e) {
            immutable.close();
            throw e;
        }
    }

    private static boolean canCreateIn(Path directory) {
        try {
            Files.delete(Files.createFile(directory.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path path) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException noChattr) {
            return false;
        }
        try {
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running chattr " + flag + " " + path, e);
        }
    }

    @Override
    public void close() throws IOException {
        for (Path path : paths) {
            chattr("-i", path);
        }
        paths.clear();
    }
}
