package dev.taskhost.plugins.internal;

import dev.taskhost.api.TaskLimits;
import dev.taskhost.core.TaskHost;
import dev.taskhost.plugins.LoadedPlugin;
import dev.taskhost.plugins.PluginState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one directory, and every change to them: the first load, one plugin's start, stop
 * and reload, and a scan that follows the directory's changes (R55). All changes run one at a time
 * under this object's lock; {@link #plugins()} never blocks.
 */
public final class PluginSet {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSet.class);
    /** The least time a JAR may stay unreadable and unchanged before it is reported broken, not still being written. */
    private static final Duration MIN_SETTLE = Duration.ofSeconds(2);
    private static final int SETTLE_SCANS = 5;

    private final Path directory;
    private final TaskHost taskHost;
    private final PluginLoader loader;
    private final Duration settle;

    // Guarded by this.
    private final TreeMap<String, Slot> slots = new TreeMap<>();
    /** The running plugins, in start order. Guarded by this. */
    private final LinkedHashMap<String, RunningPlugin> running = new LinkedHashMap<>();
    private boolean closed;

    private volatile List<LoadedPlugin> plugins = List.of();

    /** One JAR file name: what the host made of it, and which version of the file that was. */
    private static final class Slot {
        LoadedPlugin report;
        /** The file as it was when last acted on; null once it is gone. */
        FileVersion handled;
        /** A version seen incomplete, and for how many scans. */
        FileVersion incomplete;
        long incompleteSince;
    }

    /** What tells one version of a file from the next: an atomic move changes its key, a rewrite its size or time. */
    private record FileVersion(Object key, long size, FileTime modified) {
        static Optional<FileVersion> of(Path file) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new FileVersion(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime()));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (IOException e) {
                LOG.debug("could not read the attributes of '{}'", file, e);
                return Optional.empty();
            }
        }
    }

    /**
     * @param scanInterval how often {@link #scan()} runs: a JAR unreadable and unchanged for five
     *     scans (and at least two seconds) is reported broken rather than waited for
     */
    public PluginSet(Path directory, TaskHost taskHost, PluginLoader loader, Duration scanInterval) {
        this.directory = directory;
        this.taskHost = taskHost;
        this.loader = loader;
        Duration scans = scanInterval.multipliedBy(SETTLE_SCANS);
        this.settle = scans.compareTo(MIN_SETTLE) > 0 ? scans : MIN_SETTLE;
    }

    /** Every plugin JAR the host knows, in file-name order. An immutable snapshot. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** Loads every JAR of the directory, in file-name order (R25). */
    public synchronized void loadAll() {
        for (Path jar : PluginDirectory.jars(directory)) {
            Slot slot = slot(jar);
            slot.handled = FileVersion.of(jar).orElse(null);
            apply(slot, loader.prepare(jar, false));
        }
    }

    /**
     * Follows the directory: loads new JARs once complete, stops the plugins of removed ones, and
     * replaces the plugins of changed ones (R55).
     */
    public synchronized void scan() {
        if (closed) {
            return;
        }
        Map<String, Path> jars = PluginDirectory.jars(directory).stream()
                .collect(Collectors.toMap(jar -> jar.getFileName().toString(), jar -> jar));
        for (Map.Entry<String, Slot> entry : List.copyOf(slots.entrySet())) {
            if (jars.containsKey(entry.getKey())) {
                continue;
            }
            if (entry.getValue().handled != null) {
                LOG.info("plugin JAR '{}' was removed from {}", entry.getKey(), directory);
                removed(entry.getKey(), entry.getValue());
            } else if (entry.getValue().report == null) {
                slots.remove(entry.getKey()); // gone before it was ever complete
            }
        }
        for (Path jar : jars.values().stream().sorted().toList()) {
            Optional<FileVersion> version = FileVersion.of(jar);
            if (version.isEmpty()) {
                continue;
            }
            Slot known = slots.get(jar.getFileName().toString());
            if (known != null && version.get().equals(known.handled)) {
                continue;
            }
            boolean settled = known != null && version.get().equals(known.incomplete)
                    && System.nanoTime() - known.incompleteSince >= settle.toNanos();
            PluginLoader.Preparation preparation = loader.prepare(jar, !settled);
            Slot slot = slot(jar);
            Optional<FileVersion> after = FileVersion.of(jar);
            if (!after.equals(version)) {
                // Written to while it was staged: the copy may be of neither version. Looked at again
                // next scan, or this version would be loaded, then the one it became loaded again.
                discard(preparation);
                continue;
            }
            if (preparation instanceof PluginLoader.Incomplete) {
                if (!version.get().equals(slot.incomplete)) {
                    slot.incomplete = version.get();
                    slot.incompleteSince = System.nanoTime();
                }
                continue;
            }
            LOG.info("plugin JAR '{}' {} in {}", jar.getFileName(), known == null || known.handled == null
                    ? "appeared" : "changed", directory);
            slot.handled = version.get();
            slot.incomplete = null;
            apply(slot, preparation);
        }
        publish();
    }

    /**
     * Loads and starts {@code <id>.jar} if its plugin is not running.
     *
     * @throws IllegalArgumentException if the directory holds no such JAR
     */
    public synchronized LoadedPlugin start(String id) {
        ensureOpen();
        RunningPlugin current = running.get(id);
        if (current != null) {
            return slots.get(fileName(id)).report;
        }
        Path jar = existingJar(id);
        Slot slot = slot(jar);
        slot.handled = FileVersion.of(jar).orElse(null);
        apply(slot, loader.prepare(jar, false));
        return slot.report;
    }

    /**
     * Stops the plugin as close does: {@code stop}, then its queues (R22); its layer is released.
     *
     * @throws IllegalArgumentException if the host knows no plugin {@code id}
     */
    public synchronized LoadedPlugin stop(String id) {
        ensureOpen();
        Slot slot = Optional.ofNullable(slots.get(fileName(id)))
                .orElseThrow(() -> new IllegalArgumentException("no plugin '" + id + "' in " + directory));
        RunningPlugin current = running.remove(id);
        if (current != null) {
            stopAndRelease(slot, current);
            publish();
        }
        return slot.report;
    }

    /**
     * Loads {@code <id>.jar} afresh and puts it in place of the running version, as a change in a
     * watched directory does (R55); a JAR that is gone stops its plugin.
     *
     * @throws IllegalArgumentException if the host knows no plugin {@code id} and there is no such JAR
     */
    public synchronized LoadedPlugin reload(String id) {
        ensureOpen();
        Path jar = directory.resolve(fileName(id));
        Slot known = slots.get(fileName(id));
        if (!Files.isRegularFile(jar)) {
            if (known == null) {
                throw new IllegalArgumentException("no plugin '" + id + "' and no " + fileName(id) + " in " + directory);
            }
            removed(fileName(id), known);
            publish();
            return known.report;
        }
        Slot slot = slot(jar);
        slot.handled = FileVersion.of(jar).orElse(null);
        apply(slot, loader.prepare(jar, false));
        return slot.report;
    }

    /** Stops every running plugin in reverse start order, then their queues, and releases them all. */
    public synchronized void closeAll() {
        if (closed) {
            return;
        }
        closed = true;
        List<RunningPlugin> stopping = List.copyOf(running.values());
        running.clear();
        Map<String, String> errors = PluginStopper.stop(stopping, taskHost);
        for (RunningPlugin plugin : stopping) {
            Staging.delete(plugin.staged());
            Slot slot = slots.get(fileName(plugin.id()));
            slot.report = stopped(slot.report, Optional.ofNullable(errors.get(plugin.id())));
        }
        publish();
    }

    private static void discard(PluginLoader.Preparation preparation) {
        if (preparation instanceof PluginLoader.Candidate candidate) {
            Staging.delete(candidate.staged());
        }
    }

    private void apply(Slot slot, PluginLoader.Preparation preparation) {
        if (preparation instanceof PluginLoader.Rejected rejected) {
            RunningPlugin current = running.get(rejected.plugin().id());
            slot.report = current == null ? rejected.plugin() : updateFailed(slot.report, rejected.plugin());
        } else if (preparation instanceof PluginLoader.Candidate candidate) {
            RunningPlugin current = running.remove(candidate.id());
            slot.report = current == null ? started(candidate) : replace(slot, current, candidate);
        } else {
            throw new IllegalStateException("a complete JAR was expected: " + preparation);
        }
        publish();
    }

    private LoadedPlugin started(PluginLoader.Candidate candidate) {
        PluginLoader.Outcome outcome = loader.start(candidate);
        outcome.running().ifPresent(plugin -> running.put(plugin.id(), plugin));
        return outcome.plugin();
    }

    /** Stops the old version, starts the new; if the new one does not start, the old one starts again. */
    private LoadedPlugin replace(Slot slot, RunningPlugin old, PluginLoader.Candidate candidate) {
        LOG.info("plugin '{}': replacing version {} with {}", old.id(), old.manifest().version(),
                candidate.manifest().version());
        Optional<String> stopError = PluginStopper.stopOne(old, taskHost);
        PluginLoader.Outcome outcome = loader.start(candidate);
        if (outcome.running().isPresent()) {
            Staging.delete(old.staged());
            running.put(old.id(), outcome.running().get());
            stopError.ifPresent(error -> LOG.warn("plugin '{}': the replaced version's stop failed: {}", old.id(), error));
            return outcome.plugin();
        }
        PluginLoader.Outcome previous = loader.restart(old);
        if (previous.running().isPresent()) {
            running.put(old.id(), previous.running().get());
            LOG.warn("plugin '{}': version {} runs again, as the new version did not start", old.id(),
                    old.manifest().version());
            return updateFailed(previous.plugin(), outcome.plugin());
        }
        Staging.delete(old.staged());
        String error = outcome.plugin().error().orElse("") + "; and version " + old.manifest().version()
                + " did not start again: " + previous.plugin().error().orElse("");
        return new LoadedPlugin(old.id(), candidate.manifest(), PluginState.FAILED, Optional.of(error));
    }

    private void removed(String fileName, Slot slot) {
        slot.handled = null;
        slot.incomplete = null;
        String id = PluginDirectory.pluginId(Path.of(fileName));
        RunningPlugin current = running.remove(id);
        if (current != null) {
            stopAndRelease(slot, current);
        } else if (slot.report.state() == PluginState.FAILED) {
            slots.remove(fileName);
        }
    }

    private void stopAndRelease(Slot slot, RunningPlugin plugin) {
        Optional<String> error = PluginStopper.stopOne(plugin, taskHost);
        Staging.delete(plugin.staged());
        slot.report = stopped(slot.report, error);
    }

    private static LoadedPlugin stopped(LoadedPlugin report, Optional<String> error) {
        return new LoadedPlugin(report.id(), report.manifest(), PluginState.STOPPED, error);
    }

    private static LoadedPlugin updateFailed(LoadedPlugin current, LoadedPlugin rejected) {
        String error = rejected.error().orElse("") + "; version " + current.manifest().version() + " keeps running";
        LOG.warn("plugin '{}': {}", current.id(), error);
        return new LoadedPlugin(current.id(), current.manifest(), current.state(), current.error(), Optional.of(error));
    }

    private Slot slot(Path jar) {
        return slots.computeIfAbsent(jar.getFileName().toString(), name -> new Slot());
    }

    private Path existingJar(String id) {
        Path jar = directory.resolve(fileName(id));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no " + fileName(id) + " in plugins directory " + directory);
        }
        return jar;
    }

    private static String fileName(String id) {
        Objects.requireNonNull(id, "pluginId");
        if (!TaskLimits.OWNER_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("pluginId '" + id + "' must match " + TaskLimits.OWNER_ID.pattern() + " (R3)");
        }
        return id + ".jar";
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this PluginHost is closed; build a new one");
        }
    }

    private void publish() {
        List<LoadedPlugin> reports = new ArrayList<>();
        for (Slot slot : slots.values()) {
            if (slot.report != null) {
                reports.add(slot.report);
            }
        }
        plugins = List.copyOf(reports);
    }
}
