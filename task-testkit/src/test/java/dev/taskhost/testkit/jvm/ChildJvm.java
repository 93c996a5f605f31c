package dev.taskhost.testkit.jvm;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A main class in a JVM of its own, started with the test JVM's own module path and class path, its
 * output (standard output and error) in a file: the child hosts that the crash, restart and
 * many-hosts suites start, wait for, and kill. Shared by the modules' tests through task-testkit's
 * test JAR, never published with the testkit's API.
 *
 * <p>A main class of a named module runs as that module's ({@code -m module/class}); one that is a
 * test class patched into the module under test, as the test JVM has it, is patched into the child's
 * module too. Not thread-safe.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Duration KILL_LIMIT = Duration.ofSeconds(30);
    private static final Duration TERMINATE_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path output;

    private ChildJvm(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /**
     * Starts {@code main} with {@code args}, its output in {@code output}.
     *
     * @throws IOException if the JVM cannot be started, or the main class's location cannot be read
     */
    public static ChildJvm start(Path output, Class<?> main, String... args) throws IOException {
        Process process = new ProcessBuilder(command(main, args)).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        return new ChildJvm(process, output);
    }

    /** The command line that runs {@code main} with {@code args} as {@link #start} does. */
    static List<String> command(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String modulePath = System.getProperty("jdk.module.path", "");
        boolean named = main.getModule().isNamed() && !modulePath.isEmpty();
        if (!modulePath.isEmpty()) {
            command.addAll(List.of("-p", modulePath, "--add-modules", "ALL-MODULE-PATH"));
        }
        if (named) {
            String module = main.getModule().getName();
            Path location = location(main);
            if (!onModulePath(location, modulePath)) {
                // A test class patched into the module under test: the child's module gets it too.
                command.addAll(List.of("--patch-module", module + "=" + location,
                        "--add-reads", module + "=ALL-UNNAMED"));
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        if (named) {
            command.addAll(List.of("-m", main.getModule().getName() + "/" + main.getName()));
        } else {
            command.add(main.getName());
        }
        command.addAll(List.of(args));
        return command;
    }

    private static Path location(Class<?> main) throws IOException {
        try {
            return Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot find where " + main.getName() + " was loaded from", e);
        }
    }

    private static boolean onModulePath(Path location, String modulePath) {
        return Arrays.stream(modulePath.split(File.pathSeparator)).filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize()).anyMatch(location::equals);
    }

    /** The running process. */
    public Process process() {
        return process;
    }

    /** The file the child's output goes to. */
    public Path outputFile() {
        return output;
    }

    /** The child's output so far, or a line that says why it cannot be read. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Whether the child printed {@code line} alone on a line. */
    public boolean printed(String line) {
        return output().lines().anyMatch(line::equals);
    }

    /**
     * Waits until the child printed {@code line} alone on a line.
     *
     * @throws AssertionError if the child ended on its own meanwhile, or {@code limit} passed
     */
    public void awaitPrinted(String line, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!printed(line)) {
            requireAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(name() + " did not print '" + line + "' within " + limit + ":\n" + output());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /**
     * Waits until the child printed a line that starts with {@code prefix}, and returns the rest of the
     * first such line.
     *
     * @throws AssertionError if the child ended on its own meanwhile, or {@code limit} passed
     */
    public String awaitLine(String prefix, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            Optional<String> rest = rest(prefix);
            if (rest.isPresent()) {
                return rest.get();
            }
            requireAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(name() + " printed no '" + prefix.trim() + "' line within " + limit + ":\n"
                        + output());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** The number on the first line that starts with {@code prefix}, after the prefix. */
    public long number(String prefix) {
        return rest(prefix).map(rest -> Long.parseLong(rest.trim()))
                .orElseThrow(() -> new AssertionError(name() + ": no '" + prefix.trim() + "' line:\n" + output()));
    }

    private Optional<String> rest(String prefix) {
        return output().lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> line.substring(prefix.length()));
    }

    /** Whether the process runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** Fails if the child ended on its own: only the test may stop it. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError(name() + " ended on its own, with exit code " + process.exitValue() + ":\n"
                    + output());
        }
    }

    /** SIGKILL, then waits for the process to be gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit(KILL_LIMIT);
    }

    /** SIGTERM, which makes a child host close (R22), then waits for it to exit; returns its exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit(TERMINATE_LIMIT);
    }

    /**
     * Waits for the child to exit and returns its exit code.
     *
     * @throws AssertionError if it has not within {@code limit} (it is then killed)
     */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name() + " did not exit within " + limit + ":\n" + output());
        }
        return process.exitValue();
    }

    private String name() {
        return "the child JVM of " + output.getFileName();
    }

    /** Kills the child if a failed test left it running. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(KILL_LIMIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
