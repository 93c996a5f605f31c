package dev.taskhost.integration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a main class of this module in a child JVM with the test's own module path and class path. */
final class ChildJvm {

    private ChildJvm() {
    }

    static Process start(Path log, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            command.addAll(List.of("-p", modulePath, "--add-modules", "ALL-MODULE-PATH"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        if (main.getModule().isNamed()) {
            command.addAll(List.of("-m", main.getModule().getName() + "/" + main.getName()));
        } else {
            command.add(main.getName());
        }
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
