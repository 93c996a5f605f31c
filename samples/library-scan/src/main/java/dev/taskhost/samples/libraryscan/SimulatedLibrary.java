package dev.taskhost.samples.libraryscan;

import dev.taskhost.api.NonRetryableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for a media library on disk, since the sample touches no files. Its folders, their
 * files and how long each file takes to scan are fixed by the folder's name: 10 to 30 files, 100 to
 * 249 ms each, so a folder takes from one to about seven seconds. One folder, {@value #LOCKED}, may
 * not be read past its first half, the kind of failure a retry would not mend. Thread-safe and
 * stateless.
 */
final class SimulatedLibrary {
    /** The folder whose second half cannot be read. */
    static final String LOCKED = "archive/locked";

    private static final List<String> FOLDERS = List.of(
            "music/jazz", "music/classical", "photos/2019", "photos/2020", "photos/2021",
            "videos/holidays", LOCKED, "documents/taxes", "music/podcasts", "photos/2022");

    /** A folder named again, such as {@code music/jazz-2}: the name, then the round (at most 4 digits). */
    private static final Pattern AGAIN = Pattern.compile("(.+)-([1-9][0-9]{0,3})");

    private final Latency latency;

    SimulatedLibrary(Latency latency) {
        this.latency = latency;
    }

    /**
     * The {@code n}th folder (1-based): the library's folders in order, then again with a suffix
     * ({@code music/jazz-2}) for as many as asked.
     *
     * @throws IllegalArgumentException if {@code n < 1}
     */
    static String folder(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("folders are numbered from 1, was " + n);
        }
        String name = FOLDERS.get((n - 1) % FOLDERS.size());
        int round = (n - 1) / FOLDERS.size();
        return round == 0 ? name : name + "-" + (round + 1);
    }

    /** How many files the folder holds: 10 to 30, fixed by its name. */
    static int fileCount(String folder) {
        return 10 + Math.floorMod(folder.hashCode(), 21);
    }

    /** The folder's {@code i}th file (1-based), named after what the folder holds. */
    static String file(String folder, int i) {
        String extension = switch (folder.substring(0, Math.max(0, folder.indexOf('/')))) {
            case "music" -> "flac";
            case "photos" -> "jpg";
            case "videos" -> "mp4";
            default -> "pdf";
        };
        return String.format("%s/%03d.%s", folder, i, extension);
    }

    /** Whether the library has this folder, as {@link #folder} names them. */
    static boolean has(String folder) {
        if (FOLDERS.contains(folder)) {
            return true;
        }
        Matcher again = AGAIN.matcher(folder);
        return again.matches() && FOLDERS.contains(again.group(1)) && Integer.parseInt(again.group(2)) >= 2;
    }

    /**
     * Scans the folder's {@code i}th file, taking its time.
     *
     * @throws NonRetryableException if the file may not be read: trying again would not help (R46)
     * @throws InterruptedException if interrupted while scanning
     */
    void scan(String folder, int i) throws InterruptedException {
        latency.take(scanTime(folder, i));
        if (unreadable(folder, i)) {
            throw new NonRetryableException("permission denied: " + file(folder, i));
        }
    }

    /** Whether the folder's {@code i}th file may not be read: the locked folder's second half. */
    static boolean unreadable(String folder, int i) {
        return folder.startsWith(LOCKED) && i > fileCount(folder) / 2;
    }

    /** 100 to 249 ms, varying with the folder and the file. */
    static Duration scanTime(String folder, int i) {
        return Duration.ofMillis(100 + Math.floorMod(folder.hashCode() * 31 + i * 97, 150));
    }

    /** The folder a payload names, if the library has it. */
    static Optional<String> named(String payload) {
        return has(payload) ? Optional.of(payload) : Optional.empty();
    }
}
