package dev.taskhost.store.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes paths read-only for a test and gives them back afterwards. Permission bits do not bind
 * root, so as root it sets the immutable attribute instead ({@code chattr +i}, which binds root
 * too); where neither works, the test is skipped rather than faked.
 */
final class ReadOnly implements AutoCloseable {

    private final List<Path> immutable = new ArrayList<>();
    private final List<Path> chmodded = new ArrayList<>();

    private ReadOnly() {
    }

    static ReadOnly make(Path... paths) throws Exception {
        ReadOnly readOnly = new ReadOnly();
        try {
            for (Path path : paths) {
                readOnly.protect(path);
            }
            return readOnly;
        } catch (Exception | Error e) {
            readOnly.close();
            throw e;
        }
    }

    private void protect(Path path) throws Exception {
        Set<PosixFilePermission> readable = PosixFilePermissions.fromString(Files.isDirectory(path) ? "r-xr-xr-x" : "r--r--r--");
        Files.setPosixFilePermissions(path, readable);
        chmodded.add(path);
        if (!Files.isWritable(path) && cannotCreateIn(path)) {
            return;
        }
        if (chattr("+i", path)) {
            immutable.add(path);
        }
        Assumptions.assumeFalse(Files.isWritable(path),
                "cannot make " + path + " read-only here (root, and no chattr +i on this file system)");
    }

    private static boolean cannotCreateIn(Path path) {
        if (!Files.isDirectory(path)) {
            return true;
        }
        try {
            Files.delete(Files.createFile(path.resolve("probe")));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean chattr(String flag, Path path) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder("chattr", flag, path.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
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
        for (Path path : immutable) {
            chattr("-i", path);
        }
        for (Path path : chmodded) {
            Files.setPosixFilePermissions(path,
                    PosixFilePermissions.fromString(Files.isDirectory(path) ? "rwxr-xr-x" : "rw-r--r--"));
        }
    }
}
