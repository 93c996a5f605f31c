package dev.taskhost.store.sqlite.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Starts a test class's {@code main} in a child JVM of its own: another process, as a crash or a second reader needs. */
public final class ChildJava {

    private ChildJava() {
    }

    /** The command that runs {@code main} with {@code args}, on this test's own module and class path. */
    public static ProcessBuilder command(Class<?> main, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(classPath(main));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    /** This test's own module path and class path, and its test classes, all on a plain class path. */
    private static String classPath(Class<?> main) throws Exception {
        List<String> entries = new ArrayList<>();
        entries.add(testClasses(main).toString());
        for (String property : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(property, "");
            Stream.of(value.split(File.pathSeparator)).filter(entry -> !entry.isBlank()).forEach(entries::add);
        }
        return entries.stream().distinct().collect(Collectors.joining(File.pathSeparator));
    }

    private static Path testClasses(Class<?> main) throws Exception {
        String classFile = main.getName().replace('.', '/') + ".class";
        Path root = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(root.resolve(classFile))) {
            return root;
        }
        // Patched into the main module, the test classes report the module's location instead.
        Path sibling = root.resolveSibling("test-classes");
        if (!Files.isRegularFile(sibling.resolve(classFile))) {
            throw new IllegalStateException("test classes not found near " + root);
        }
        return sibling;
    }
}
