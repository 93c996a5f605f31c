package dev.taskhost.integration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads an {@link ExecutionLog}. A kill may cut the line being written short; the next child ends it
 * before appending, so a cut line is a line of its own, without all three fields: it is counted, not
 * read. Execution lines are short enough that the attempt is never cut to another number.
 */
final class ExecutionLogReader {

    /** One execution as the worker logged it when it started. */
    record Execution(int life, String taskId, int attempt) {
    }

    /** The length of the host's task ids: 10 digits of time, then 16 random bytes in unpadded base64url (R9). */
    private static final int ID_LENGTH = 32;

    private ExecutionLogReader() {
    }

    /** The executions logged, in order, and how many lines a kill cut short. */
    record Contents(List<Execution> executions, int cutLines) {
    }

    /** The ids a child logged once their enqueue returned; lines a kill cut are left out. */
    static Set<String> readEnqueued(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Set.of();
        }
        Set<String> ids = new HashSet<>();
        for (String line : Files.readString(file, StandardCharsets.US_ASCII).split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length == 2 && fields[1].length() == ID_LENGTH) {
                ids.add(fields[1]);
            }
        }
        return ids;
    }

    static Contents read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new Contents(List.of(), 0);
        }
        List<Execution> executions = new ArrayList<>();
        int cut = 0;
        for (String line : Files.readString(file, StandardCharsets.US_ASCII).split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length == 3 && !fields[2].isEmpty()) {
                executions.add(new Execution(Integer.parseInt(fields[0]), fields[1], Integer.parseInt(fields[2])));
            } else if (!line.isEmpty()) {
                cut++;
            }
        }
        return new Contents(List.copyOf(executions), cut);
    }
}
