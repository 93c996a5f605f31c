package dev.taskhost.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One life of a child JVM (a {@link LoadChild} unless said otherwise) on a data directory, with its output in a file. */
final class ChildLife implements AutoCloseable {
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Path output;

    private ChildLife(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts life {@code life}; {@code finish} makes it run until the tasks listed in {@code idsFile} ended. */
    static ChildLife start(Path dir, Path data, int life, Duration grace, boolean finish) throws IOException {
        Path output = dir.resolve("life-" + life + ".out");
        Path ids = dir.resolve("ids.txt");
        Process process = finish
                ? ChildJvm.start(output, LoadChild.class, data.toString(), String.valueOf(life),
                        String.valueOf(grace.toMillis()), "finish", ids.toString())
                : ChildJvm.start(output, LoadChild.class, data.toString(), String.valueOf(life),
                        String.valueOf(grace.toMillis()), "run");
        return new ChildLife(process, output);
    }

    /** Starts {@code main} with {@code args}, its output in {@code output}. */
    static ChildLife start(Path output, Class<?> main, String... args) throws IOException {
        return new ChildLife(ChildJvm.start(output, main, args), output);
    }

    /** Waits until the child has opened its queues. */
    void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (!printed("ready")) {
            requireAlive();
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the child did not open its queues within " + READY_LIMIT + ":\n" + output());
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    boolean printed(String line) throws IOException {
        return output().lines().anyMatch(line::equals);
    }

    /** Fails if the child ended on its own: only the test may stop it. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("the child ended on its own, with exit code " + process.exitValue() + ":\n"
                    + output());
        }
    }

    /** SIGKILL, then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM, which makes the child close its host (R22), then waits for it to exit. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit(Duration.ofSeconds(60));
    }

    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not exit within " + limit + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Kills the child if a failed test left it running. */
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
