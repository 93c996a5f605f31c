package dev.taskhost.plugins.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A private directory of the host's own copies of plugin JARs. A plugin is checked (R57) and loaded
 * from its copy, so that what was checked is what runs, and so that a JAR rewritten in place in the
 * plugins directory never changes the classes of the version still running (R55). Thread-safe.
 */
public final class Staging implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Staging.class);

    private final Path dir;
    private final AtomicLong sequence = new AtomicLong();

    private Staging(Path dir) {
        this.dir = dir;
    }

    /** A new staging directory under the system's temporary directory, readable by this user only. */
    public static Staging create() {
        try {
            Path dir = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                    ? Files.createTempDirectory("taskhost-plugins-",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
                    : Files.createTempDirectory("taskhost-plugins-");
            return new Staging(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a staging directory for plugin JARs", e);
        }
    }

    /**
     * Copies {@code jar} into staging.
     *
     * @throws PluginLoadException if the JAR cannot be read, or has gone
     */
    Path copy(Path jar) throws PluginLoadException {
        // Its own folder, so that the copy keeps the file name (an automatic module's name comes from it).
        Path copy = dir.resolve(Long.toString(sequence.incrementAndGet())).resolve(jar.getFileName().toString());
        try {
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new PluginLoadException("is gone from the plugins directory", e);
        } catch (IOException e) {
            throw new PluginLoadException("could not be read: " + Failures.describe(e), e);
        }
        return copy;
    }

    /** Whether the file reads as a zip file: its central directory, written last, is all there. */
    static boolean complete(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            return zip.size() >= 0;
        } catch (ZipException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes a copy whose layer is no longer used; a failure is logged. */
    static void delete(Path copy) {
        try {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(copy.getParent());
        } catch (IOException e) {
            LOG.warn("could not delete the staged plugin JAR '{}'", copy, e);
        }
    }

    /** Deletes the staging directory and whatever is left in it. */
    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("could not delete the plugin staging directory '{}'", dir, e);
        }
    }
}
