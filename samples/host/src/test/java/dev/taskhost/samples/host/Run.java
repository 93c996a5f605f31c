package dev.taskhost.samples.host;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;

/** One run of the launcher in this JVM: its exit code and what it printed. */
record Run(int exitCode, String out, String err) {

    static Run of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Launcher.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    List<String> outLines() {
        return out.lines().toList();
    }

    /**
     * The first line of the output whose first cells are {@code firstCells}, split into cells at runs
     * of two or more spaces (the tables' column gaps).
     */
    List<String> row(String... firstCells) {
        List<String> wanted = List.of(firstCells);
        return out.lines()
                .map(line -> List.of(line.strip().split(" {2,}")))
                .filter(cells -> cells.size() >= wanted.size() && cells.subList(0, wanted.size()).equals(wanted))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row starting " + wanted + " in:\n" + this));
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }

    /** Every file and folder under {@code root}, relative to it, sorted. */
    static List<String> tree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.map(path -> root.relativize(path).toString()).sorted().toList();
        }
    }
}
