package dev.taskhost.samples.host;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes paths read-only for a test and gives them back afterwards. The tests run as root, whom
 * permission bits do not bind, so it sets the immutable attribute ({@code chattr +i}), which binds
 * root too. Where that is not possible the test is skipped with a message, except under CI
 * ({@code CI=true}), where a skip would hide an untested rule: there it fails.
 */
final class Immutable implements AutoCloseable {
    private final List<Path> paths = new ArrayList<>();

    /** What runs while the paths are read-only. */
    @FunctionalInterface
    interface Body<T> {
        T run() throws Exception;
    }

    private Immutable() {
    }

    /** Runs {@code body} with {@code paths} read-only, gives them back whatever it does, and returns its result. */
    static <T> T during(Path[] paths, Body<T> body) throws Exception {
        try (Immutable readOnly = make(paths)) {
            readOnly.requireHeld();
            return body.run();
        }
    }

    private void requireHeld() {
        if (paths.isEmpty()) {
            throw new IllegalStateException("no path was made read-only");
        }
    }

    /** Makes {@code paths} immutable, in this order; give them back with {@link #close()}. */
    static Immutable make(Path... paths) throws IOException {
        Immutable immutable = new Immutable();
        try {
            for (Path path : paths) {
                if (!chattr("+i", path)) {
                    impossible("chattr +i is not possible on " + path + " here");
                }
                immutable.paths.add(path);
            }
            for (Path path : paths) {
                if (Files.isDirectory(path) ? canCreateIn(path) : canWrite(path)) {
                    impossible("chattr +i does not stop writes to " + path + " here");
                }
            }
            return immutable;
        } catch (RuntimeException | Error | IOException e) {
            immutable.close();
            throw e;
        }
    }

    private static void impossible(String why) {
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError(why + ", and under CI a test must not be skipped");
        }
        Assumptions.abort(why + ": skipped");
    }

    private static boolean canCreateIn(Path directory) {
        try {
            Files.delete(Files.createFile(directory.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canWrite(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            return channel.isOpen();
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

    /** Gives every path back its writes. */
    @Override
    public void close() throws IOException {
        for (Path path : paths) {
            chattr("-i", path);
        }
        paths.clear();
    }
}
