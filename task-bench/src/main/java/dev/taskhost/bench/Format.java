package dev.taskhost.bench;

import java.util.Locale;

/** How the report writes numbers: grouped thousands, a few significant digits, units spelled out. */
final class Format {

    private Format() {
    }

    /** A whole count: {@code 1,000,000}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate: {@code 7,812/s}. */
    static String rate(double perSecond, String unit) {
        return String.format(Locale.ROOT, "%,.0f %s/s", perSecond, unit);
    }

    /** A ratio: {@code 0.65 ×}. */
    static String ratio(double ratio) {
        return significant(ratio) + " ×";
    }

    /** A duration in milliseconds, from nanoseconds: {@code 0.42 ms}. */
    static String millis(double nanos) {
        return significant(nanos / 1e6) + " ms";
    }

    /** A duration in microseconds, from nanoseconds: {@code 147 µs}. */
    static String micros(double nanos) {
        return significant(nanos / 1e3) + " µs";
    }

    /** A size in mebibytes, from bytes: {@code 42.1 MiB}. */
    static String mebibytes(double bytes) {
        return significant(bytes / (1024 * 1024)) + " MiB";
    }

    /** p50, p99 and max of a sample in milliseconds: {@code 0.42 / 1.9 / 12 ms}. */
    static String latencies(LatencySample sample) {
        return significant(sample.p50() / 1e6) + " / " + significant(sample.p99() / 1e6) + " / "
                + significant(sample.max() / 1e6) + " ms";
    }

    /** A load average with two decimals, or {@code unknown} where the system does not tell (negative). */
    static String load(double average) {
        return average < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", average);
    }

    /** Two or three significant digits, enough for figures this noisy. */
    static String significant(double value) {
        double magnitude = Math.abs(value);
        if (magnitude >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (magnitude >= 0.01 || magnitude == 0) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.2g", value);
    }
}
