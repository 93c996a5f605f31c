package dev.taskhost.plugins;

import dev.taskhost.api.plugin.TaskPlugin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real plugin JARs for the tests: compiles the probe plugins of {@code src/test/plugins}
 * (one module each) against task-api, once per JVM, and writes JARs with the manifests a test
 * chooses, as explicit or automatic modules.
 */
final class TestPluginJars {
    static final String TASK_PLUGIN = TaskPlugin.class.getName();

    private static final Path SOURCES = Path.of("src", "test", "plugins");
    private static final Path CLASSES = Path.of("target", "test-plugins");
    private static boolean compiled;

    private TestPluginJars() {
    }

    /** A JAR of {@code module}'s classes, as an explicit module, with a valid manifest asking for {@code taskqueue}. */
    static PluginJar explicit(String module) {
        return new PluginJar(module, Optional.empty());
    }

    /**
     * A JAR of {@code module}'s classes without its {@code module-info.class}, so that it loads as an
     * automatic module, with a {@code META-INF/services} file naming {@code provider}.
     */
    static PluginJar automatic(String module, String provider) {
        return new PluginJar(module, Optional.of(provider));
    }

    /** Writes {@code bytes} as a file of the directory. */
    static Path file(Path dir, String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Random bytes named like a JAR. */
    static Path corrupt(Path dir, String name) {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        return file(dir, name, bytes);
    }

    /** A JAR (a zip file) that has classes but no manifest. */
    static Path withoutManifest(Path dir, String name, String module) {
        Path jar = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            writeClasses(zip, classesOf(module), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jar;
    }

    /** One plugin JAR to write: which module, packaged how, with which manifest. */
    static final class PluginJar {
        private final String module;
        private final Optional<String> automaticProvider;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private int paddingBytes;

        private PluginJar(String module, Optional<String> automaticProvider) {
            this.module = module;
            this.automaticProvider = automaticProvider;
            attributes.put("Plugin-Name", "Probe " + module);
            attributes.put("Plugin-Version", "1.0.0");
            attributes.put("Plugin-Permissions", "taskqueue");
        }

        /** Sets a manifest attribute. */
        PluginJar attribute(String name, String value) {
            attributes.put(name, value);
            return this;
        }

        /** Leaves a manifest attribute out. */
        PluginJar without(String name) {
            attributes.remove(name);
            return this;
        }

        /** Pads the manifest with about {@code bytes} bytes of extra attributes. */
        PluginJar padManifest(int bytes) {
            this.paddingBytes = bytes;
            return this;
        }

        /** Writes the JAR as {@code dir/fileName}. */
        Path writeTo(Path dir, String fileName) {
            Path jar = dir.resolve(fileName);
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
                entry(zip, "META-INF/", new byte[0]);
                entry(zip, "META-INF/MANIFEST.MF", manifest());
                writeClasses(zip, classesOf(module), automaticProvider.isPresent());
                if (automaticProvider.isPresent()) {
                    entry(zip, "META-INF/services/" + TASK_PLUGIN,
                            (automaticProvider.get() + "\n").getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return jar;
        }

        private byte[] manifest() {
            StringBuilder text = new StringBuilder("Manifest-Version: 1.0\r\n");
            attributes.forEach((name, value) -> text.append(name).append(": ").append(value).append("\r\n"));
            for (int i = 0; text.length() < paddingBytes; i++) {
                text.append("X-Padding-").append(i).append(": ").append("x".repeat(50)).append("\r\n");
            }
            return text.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void writeClasses(ZipOutputStream zip, Path classes, boolean withoutModuleInfo) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = classes.relativize(file).toString().replace('\\', '/');
            if (withoutModuleInfo && name.equals("module-info.class")) {
                continue;
            }
            entry(zip, name, Files.readAllBytes(file));
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /** The compiled classes of one probe module. */
    static synchronized Path classesOf(String module) {
        if (!compiled) {
            compileAll();
            compiled = true;
        }
        Path classes = CLASSES.resolve(module);
        if (!Files.isDirectory(classes)) {
            throw new IllegalArgumentException("no probe plugin module '" + module + "' in " + SOURCES);
        }
        return classes;
    }

    private static void compileAll() {
        try {
            deleteRecursively(CLASSES);
            List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-nowarn",
                    "--module-source-path", SOURCES.toString(),
                    "--module-path", taskApiLocation().toString(),
                    "-d", CLASSES.toString()));
            try (Stream<Path> walk = Files.walk(SOURCES)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> args.add(p.toString()));
            }
            ToolProvider javac = ToolProvider.findFirst("javac")
                    .orElseThrow(() -> new IllegalStateException("the tests need a JDK with javac"));
            StringWriter output = new StringWriter();
            PrintWriter out = new PrintWriter(output);
            int status = javac.run(out, out, args.toArray(String[]::new));
            out.flush();
            if (status != 0) {
                throw new IllegalStateException("compiling the probe plugins failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Where task-api's classes are, a JAR or a directory: what the plugins compile against. */
    private static Path taskApiLocation() {
        try {
            return Path.of(TaskPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
