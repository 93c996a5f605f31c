package dev.taskhost.samples.host.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the execution logs of a cluster's hosts say: per host and queue, runs started, ended and
 * running now; runs recovered; and per queue the most runs at once across every host. A log is one
 * lifetime of one host process ({@link ExecutionLog}); a run that a killed lifetime started and never
 * ended counts as running until the moment it was killed, and no longer. Not thread-safe.
 */
public final class ClusterLogs {
    private final List<Lifetime> lifetimes = new ArrayList<>();

    /** One process's log, and when it was killed, if it was. */
    private record Lifetime(String host, Path file, Optional<Long> killedAtMicros) {
    }

    /** A host's runs in one queue. */
    public record HostQueue(String host, String queue, int started, int ended, int running) {
    }

    /** Adds a lifetime's log; {@code killedAtMicros} is when it was killed, if it was. */
    public void add(String host, Path file, Optional<Long> killedAtMicros) {
        lifetimes.add(new Lifetime(host, file, killedAtMicros));
    }

    /** Marks the latest lifetime of {@code host} killed now. */
    public void killed(String host) {
        for (int i = lifetimes.size() - 1; i >= 0; i--) {
            if (lifetimes.get(i).host().equals(host)) {
                Lifetime l = lifetimes.get(i);
                lifetimes.set(i, new Lifetime(l.host(), l.file(), Optional.of(ExecutionLog.micros())));
                return;
            }
        }
    }

    /** Per host, then queue ("owner/queue"): runs started, ended, and running now (a killed lifetime runs nothing). */
    public Map<String, Map<String, HostQueue>> byHost() {
        Map<String, Map<String, int[]>> counts = new TreeMap<>();
        for (Lifetime lifetime : lifetimes) {
            Map<String, int[]> host = counts.computeIfAbsent(lifetime.host(), h -> new TreeMap<>());
            for (String[] line : lines(lifetime.file())) {
                if (line[0].equals("S") || line[0].equals("E")) {
                    host.computeIfAbsent(line[2] + "/" + line[3], q -> new int[3])[line[0].equals("S") ? 0 : 1]++;
                }
            }
            if (lifetime.killedAtMicros().isEmpty()) {
                host.forEach((queue, c) -> c[2] += openRuns(lifetime, queue));
            }
        }
        Map<String, Map<String, HostQueue>> result = new TreeMap<>();
        counts.forEach((host, queues) -> queues.forEach((queue, c) -> result.computeIfAbsent(host, h -> new TreeMap<>())
                .put(queue, new HostQueue(host, queue, c[0], c[1], c[2]))));
        return result;
    }

    private static int openRuns(Lifetime lifetime, String queue) {
        Map<String, Integer> open = new HashMap<>();
        for (String[] line : lines(lifetime.file())) {
            if ((line[0].equals("S") || line[0].equals("E")) && (line[2] + "/" + line[3]).equals(queue)) {
                open.merge(line[4] + "#" + line[5], line[0].equals("S") ? 1 : -1, Integer::sum);
            }
        }
        return (int) open.values().stream().filter(n -> n > 0).count();
    }

    /** Runs recovered (R17, R37), by every host. */
    public long recovered() {
        long recovered = 0;
        for (Lifetime lifetime : lifetimes) {
            for (String[] line : lines(lifetime.file())) {
                if (line[0].equals("R")) {
                    recovered += Long.parseLong(line[4]);
                }
            }
        }
        return recovered;
    }

    /**
     * Per queue ("owner/queue"), the most runs at once across every host: each run from its logged
     * start to its logged end, or to its lifetime's kill; at one moment, ends count before starts.
     */
    public Map<String, Integer> mostAtOnce() {
        Map<String, List<long[]>> changes = new TreeMap<>();
        for (Lifetime lifetime : lifetimes) {
            Map<String, long[]> open = new HashMap<>();
            for (String[] line : lines(lifetime.file())) {
                if (!line[0].equals("S") && !line[0].equals("E")) {
                    continue;
                }
                String queue = line[2] + "/" + line[3];
                String run = queue + " " + line[4] + "#" + line[5];
                long at = Long.parseLong(line[1]);
                if (line[0].equals("S")) {
                    changes.computeIfAbsent(queue, q -> new ArrayList<>()).add(new long[] {at, 1});
                    open.put(run, new long[] {at});
                } else if (open.remove(run) != null) {
                    changes.get(queue).add(new long[] {at, -1});
                }
            }
            long end = lifetime.killedAtMicros().orElse(Long.MAX_VALUE);
            open.keySet().forEach(run -> changes.get(run.substring(0, run.indexOf(' '))).add(new long[] {end, -1}));
        }
        Map<String, Integer> most = new TreeMap<>();
        changes.forEach((queue, list) -> {
            list.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            int now = 0;
            int max = 0;
            for (long[] change : list) {
                now += (int) change[1];
                max = Math.max(max, now);
            }
            most.put(queue, max);
        });
        return most;
    }

    /** A log's whole lines, split at spaces; a line cut short by a kill, or malformed, is skipped. */
    private static List<String[]> lines(Path file) {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the execution log " + file, e);
        }
        List<String[]> lines = new ArrayList<>();
        for (String line : text) {
            String[] cells = line.split(" ");
            boolean whole = switch (cells[0]) {
                case "S" -> cells.length == 6;
                case "E" -> cells.length == 7;
                case "R" -> cells.length == 5;
                default -> false;
            };
            if (whole && cells[1].chars().allMatch(Character::isDigit) && !cells[1].isEmpty()
                    && (!cells[0].equals("R") || cells[4].chars().allMatch(Character::isDigit))) {
                lines.add(cells);
            }
        }
        return lines;
    }
}
