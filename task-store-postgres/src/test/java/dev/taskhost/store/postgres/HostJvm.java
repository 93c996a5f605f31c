package dev.taskhost.store.postgres;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A host in a JVM of its own, started from a main class of this module's tests with the tests' own
 * module path (the test classes patched into the store's module, as the tests' JVM has them) and
 * class path, its output in a file: what the many-hosts suite does for its hosts, for the tests
 * that kill hosts with SIGKILL.
 */
final class HostJvm implements AutoCloseable {
    private final Process process;
    private final Path output;

    private HostJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code main} with {@code args}. */
    static HostJvm start(Path output, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String modulePath = System.getProperty("jdk.module.path");
        if (modulePath != null && !modulePath.isEmpty()) {
            Path testClasses;
            try {
                testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IOException("cannot find the test classes of " + main.getName(), e);
            }
            command.addAll(List.of("-p", modulePath, "--add-modules", "ALL-MODULE-PATH",
                    "--patch-module", "dev.taskhost.store.postgres=" + testClasses,
                    "--add-reads", "dev.taskhost.store.postgres=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"),
                    "-m", "dev.taskhost.store.postgres/" + main.getName()));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        }
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new HostJvm(process, output);
    }

    /** Waits until the host printed {@code line} alone on a line; fails if it ended on its own. */
    void awaitPrinted(String line, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!output().lines().anyMatch(line::equals)) {
            requireAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the host did not print '" + line + "' within " + limit + ":\n" + output());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Fails if the host ended on its own: only the test may stop it. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the host ended on its own, with exit code " + process.exitValue() + ":\n"
                    + output());
        }
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the host did not die within 30 s of SIGKILL");
        }
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The number printed on the first line that starts with {@code prefix}. */
    long number(String prefix) {
        return output().lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> Long.parseLong(line.substring(prefix.length()).trim()))
                .orElseThrow(() -> new AssertionError("no '" + prefix.trim() + "' line:\n" + output()));
    }

    /** Kills the host if a failed test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
