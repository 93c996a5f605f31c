package dev.taskhost.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Tells the operator what the benchmark is doing, with the time since it started. Thread-safe. */
final class Progress {
    private final PrintStream out;
    private final long startNanos = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    /** Prints one line, formatted as by {@link String#format}, with grouped numbers. */
    void say(String format, Object... args) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        out.printf(Locale.ROOT, "[bench %6.1f s] %s%n", seconds, String.format(Locale.ROOT, format, args));
    }
}
