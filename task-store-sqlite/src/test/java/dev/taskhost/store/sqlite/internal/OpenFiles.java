package dev.taskhost.store.sqlite.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The open file descriptors of this process on a database, read from {@code /proc/self/fd}. */
final class OpenFiles {

    private OpenFiles() {
    }

    /** Whether this system lists descriptors in {@code /proc/self/fd}; without it nothing can be counted. */
    static boolean countable() {
        return Files.isDirectory(Path.of("/proc/self/fd"));
    }

    /** The open file descriptors of this process on {@code file} or its companions (-wal, -shm). */
    static long descriptorsOn(Path file) throws IOException {
        String name = file.toRealPath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return "";
                }
            }).filter(target -> target.equals(name) || target.equals(name + "-wal")
                    || target.equals(name + "-shm")).count();
        }
    }
}
