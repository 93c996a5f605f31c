package dev.taskhost.integration;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file a child host appends one line to per event: its worker as each execution starts ({@code
 * <life> <taskId> <attempt>}, in {@link #FILE_NAME}), its enqueuer once each enqueue returned
 * ({@code <life> <taskId>}, in {@link #ENQUEUED_FILE_NAME}). Each line is one append-mode write to
 * the operating system, so a killed JVM loses nothing written before, and at most the end of its last
 * line. A plain stream rather than a channel: an interrupted worker (a shutdown handing its run back)
 * must not close the log. Thread-safe.
 */
final class ExecutionLog {
    static final String FILE_NAME = "executions.log";
    static final String ENQUEUED_FILE_NAME = "enqueued.log";

    private final FileOutputStream out;

    private ExecutionLog(FileOutputStream out) {
        this.out = out;
    }

    /** Opens the log for appending; a line cut short by a kill is ended first, so it stays apart. */
    static ExecutionLog open(Path file) throws IOException {
        boolean cut = endsCut(file);
        ExecutionLog log = new ExecutionLog(new FileOutputStream(file.toFile(), true));
        if (cut) {
            log.append("\n");
        }
        return log;
    }

    private static boolean endsCut(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Files.size(file) - 1);
            return in.read() != '\n';
        }
    }

    /** Appends the line of one execution; it is in the file when this returns. */
    void started(int life, String taskId, int attempt) throws IOException {
        append(life + " " + taskId + " " + attempt + "\n");
    }

    /** Appends the line of one task whose enqueue returned. */
    void enqueued(int life, String taskId) throws IOException {
        append(life + " " + taskId + "\n");
    }

    private synchronized void append(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }
}
