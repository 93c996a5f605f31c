package dev.taskhost.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A real small file system (tmpfs) mounted on a directory for a fault test, unmounted on close. It
 * needs root (CI runs the build as root); elsewhere the test is skipped with a message, except
 * under {@code CI=true}, where a skip would hide the suite and so fails the test.
 */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;
    private boolean mounted;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (as mount takes it: {@code 4m}) on {@code mountPoint}, created if absent. */
    static Tmpfs mount(Path mountPoint, String size) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        Tmpfs tmpfs = new Tmpfs(mountPoint);
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0755", "tmpfs", mountPoint.toString());
        if (failure != null) {
            String why = "cannot mount a tmpfs on " + mountPoint + " here (" + failure.strip() + "); the faults "
                    + "suite needs root";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why + ", and CI=true: a skipped faults suite fails the build");
            }
            Assumptions.abort(why);
        }
        tmpfs.mounted = true;
        return tmpfs;
    }

    /** Remounts it read-only, or read-write again; returns why the kernel refused, or null. */
    String remount(boolean readOnly) throws IOException, InterruptedException {
        return run("mount", "-o", "remount," + (readOnly ? "ro" : "rw"), mountPoint.toString());
    }

    Path path() {
        return mountPoint;
    }

    /** Fills the file system up to its last byte with {@code filler}, which {@link #free} deletes. */
    void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            // No space left on device: that is the fault.
            if (!String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
        }
        try (var out = Files.newOutputStream(filler, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = 0; i < 64 * 16; i++) {
                out.write(new byte[64]);
            }
        } catch (IOException full) {
            // The last few bytes.
        }
    }

    void free(Path filler) throws IOException {
        Files.deleteIfExists(filler);
    }

    /** @return null if the command succeeded, else its output */
    private static String run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        } catch (IOException noCommand) {
            return noCommand.toString();
        }
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return command[0] + " did not finish";
        }
        return process.exitValue() == 0 ? null : output + " (exit " + process.exitValue() + ")";
    }

    @Override
    public void close() throws IOException {
        if (mounted) {
            try {
                if (run("umount", mountPoint.toString()) != null) {
                    run("umount", "-l", mountPoint.toString());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while unmounting " + mountPoint, e);
            }
            mounted = false;
        }
    }
}
