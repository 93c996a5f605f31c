package dev.taskhost.samples.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** The sample plugin JARs the build put in target/sample-plugins, as a test's own plugins directory. */
final class SamplePlugins {
    static final List<String> JARS = List.of("webhook-delivery.jar", "rate-limited-fetcher.jar", "library-scan.jar",
            "no-permission.jar");

    private SamplePlugins() {
    }

    static Path copyTo(Path directory) throws IOException {
        String built = System.getProperty("samples.pluginsDirectory");
        if (built == null) {
            throw new IllegalStateException("the build sets samples.pluginsDirectory to where it copied the sample plugins");
        }
        Files.createDirectories(directory);
        for (String jar : JARS) {
            Files.copy(Path.of(built, jar), directory.resolve(jar), StandardCopyOption.REPLACE_EXISTING);
        }
        return directory;
    }
}
