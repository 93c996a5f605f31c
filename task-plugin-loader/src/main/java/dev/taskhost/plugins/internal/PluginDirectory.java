package dev.taskhost.plugins.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists the plugin JARs of a directory (R25). */
public final class PluginDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(PluginDirectory.class);
    private static final String JAR_SUFFIX = ".jar";

    private PluginDirectory() {
    }

    /**
     * The regular files named {@code *.jar} directly in {@code dir}, sorted by file name so that
     * plugins load in the same order on every run. Anything else is ignored (R25).
     *
     * @throws IllegalStateException if {@code dir} is not a directory
     * @throws UncheckedIOException if it cannot be listed
     */
    public static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("plugins directory '" + dir + "' does not exist or is not a directory");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(PluginDirectory::isPluginJar)
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("plugins directory '" + dir + "' could not be listed", e);
        }
    }

    /** The plugin id a JAR's file name gives: its name without {@code .jar}. */
    static String pluginId(Path jar) {
        String name = jar.getFileName().toString();
        return name.substring(0, name.length() - JAR_SUFFIX.length());
    }

    private static boolean isPluginJar(Path entry) {
        boolean jar = entry.getFileName().toString().endsWith(JAR_SUFFIX) && Files.isRegularFile(entry);
        if (!jar) {
            LOG.debug("ignoring '{}' in the plugins directory: not a *{} file (R25)", entry, JAR_SUFFIX);
        }
        return jar;
    }
}
