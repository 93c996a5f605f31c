package dev.taskhost.bench;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The data directories of a run: one fresh directory per scenario under one root, deleted when the
 * scenario is done unless they are to be kept. A root given with {@code --dir} is left in place; the
 * default root under {@code target/} is deleted at the end. Not thread-safe.
 */
final class DataDirs implements AutoCloseable {

    /** Work in a fresh directory. */
    @FunctionalInterface
    interface Work<T> {
        T run(Path directory) throws Exception;
    }

    private final Path root;
    private final boolean ownsRoot;
    private final boolean keep;

    private DataDirs(Path root, boolean ownsRoot, boolean keep) {
        this.root = root;
        this.ownsRoot = ownsRoot;
        this.keep = keep;
    }

    /**
     * The root {@code requested}, which must be absent or empty; or a new directory under
     * {@code target/} of the working directory.
     *
     * @throws IllegalArgumentException if the requested directory holds files
     * @throws IOException if a directory cannot be made
     */
    static DataDirs create(Optional<Path> requested, boolean keep) throws IOException {
        if (requested.isPresent()) {
            Path root = requested.get().toAbsolutePath();
            if (Files.exists(root) && !isEmptyDirectory(root)) {
                throw new IllegalArgumentException("--dir " + root + " must be absent or an empty directory: "
                        + "every scenario needs a fresh data directory");
            }
            Files.createDirectories(root);
            return new DataDirs(root, false, keep);
        }
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        return new DataDirs(Files.createTempDirectory(target, "bench-data-"), true, keep);
    }

    /** The root all scenario directories are made in. */
    Path root() {
        return root;
    }

    /**
     * Runs {@code work} in a new directory {@code name} under the root, then deletes that directory
     * unless the directories are kept.
     *
     * @throws Exception what {@code work} throws
     */
    <T> T inFresh(String name, Work<T> work) throws Exception {
        Path directory = root.resolve(name);
        if (Files.exists(directory)) {
            throw new IllegalStateException(directory + " exists already; every scenario needs a fresh one");
        }
        Files.createDirectories(directory);
        try {
            return work.run(directory);
        } finally {
            if (!keep) {
                deleteTree(directory);
            }
        }
    }

    /** Deletes the root if this made it, unless the directories are kept. */
    @Override
    public void close() throws IOException {
        if (ownsRoot && !keep) {
            deleteTree(root);
        }
    }

    private static boolean isEmptyDirectory(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
