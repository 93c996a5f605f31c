package dev.taskhost.samples.host.internal;

import dev.taskhost.core.TaskListener;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A cluster host's execution log: one line per run started, run ended and batch of runs recovered,
 * written as the host's listener is told, each line flushed at once so that a host killed with
 * SIGKILL leaves every line it wrote (its last one may be cut short; {@link ClusterLogs} skips it).
 * A line's time is this machine's wall clock, in microseconds, read when the listener is called:
 * after the claim is stored for a start, after the outcome is stored for an end, so that a logged
 * run lies inside the time the store counted it as running. Thread-safe.
 *
 * <p>Lines: {@code S micros owner queue taskId attempt}, {@code E micros owner queue taskId attempt
 * outcome}, {@code R micros owner queue count}.
 */
public final class ExecutionLog implements TaskListener, AutoCloseable {
    private final BufferedWriter writer;

    private ExecutionLog(BufferedWriter writer) {
        this.writer = writer;
    }

    /**
     * A log appending to {@code file}, created if missing.
     *
     * @throws UncheckedIOException if the file cannot be opened
     */
    public static ExecutionLog appendingTo(Path file) {
        try {
            return new ExecutionLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the execution log " + file, e);
        }
    }

    /** Microseconds since the epoch, now. */
    static long micros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    @Override
    public void taskStarted(Started event) {
        write("S " + micros() + " " + event.owner() + " " + event.queue() + " " + event.taskId() + " " + event.attempt());
    }

    @Override
    public void taskEnded(Ended event) {
        write("E " + micros() + " " + event.owner() + " " + event.queue() + " " + event.taskId() + " " + event.attempt()
                + " " + event.outcome());
    }

    @Override
    public void runsRecovered(Recovered event) {
        write("R " + micros() + " " + event.owner() + " " + event.queue() + " " + event.count());
    }

    private synchronized void write(String line) {
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the execution log", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the execution log", e);
        }
    }
}
