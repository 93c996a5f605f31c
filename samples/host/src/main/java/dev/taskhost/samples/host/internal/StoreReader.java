package dev.taskhost.samples.host.internal;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Reads the owners, queues and tasks of a data directory through the storage SPI, with a store of
 * its own opened to read only ({@link StoreContext#readOnly()}): it can read while a host writes
 * (SQLite's write-ahead log lets readers in), and reads a copy at rest alike, one it may not write
 * included. It creates nothing: no owner, no queue, no file. Thread-safe.
 */
public final class StoreReader implements AutoCloseable {
    private final Path directory;
    private final TaskStore store;

    private StoreReader(Path directory, TaskStore store) {
        this.directory = directory;
        this.store = store;
    }

    /**
     * Opens the store of an existing data directory, to read only, with the one
     * {@link TaskStoreProvider} that {@link ServiceLoader} finds, as a host built with only a data
     * directory does.
     *
     * @throws IllegalArgumentException if {@code directory} does not exist or is not a directory
     * @throws IllegalStateException if no store provider is found, or several
     * @throws dev.taskhost.api.TaskStoreException if the store cannot be opened
     */
    public static StoreReader open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("no data directory at " + directory.toAbsolutePath()
                    + (Files.exists(directory) ? ": it is not a directory" : ""));
        }
        TaskStoreProvider provider = oneProvider();
        // Read-only: no lock (a host may hold the data directory, R38), no file created, no migration,
        // so that it reads beside a running host and reads a copy it may not write.
        return new StoreReader(directory, provider.open(new StoreContext(Optional.of(directory), true)));
    }

    private static TaskStoreProvider oneProvider() {
        List<TaskStoreProvider> found = ServiceLoader.load(TaskStoreProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one TaskStoreProvider on the module path, found " + found.size()
                    + (found.isEmpty() ? "" : ": " + found.stream().map(TaskStoreProvider::name)
                            .collect(Collectors.joining(", "))));
        }
        return found.get(0);
    }

    /** The data directory read. */
    public Path directory() {
        return directory;
    }

    /** The ids of the owners stored, sorted. */
    public List<String> owners() {
        return store.owners();
    }

    /** Whether {@code owner} is stored; asking creates nothing. */
    public boolean hasOwner(String owner) {
        return store.owners().contains(owner);
    }

    /**
     * The names of the owner's queues, sorted.
     *
     * @throws IllegalArgumentException if the owner is not stored
     */
    public List<String> queues(String owner) {
        return storedOwner(owner).queueNames();
    }

    /**
     * The queue's counts by status, whether it is paused, and its running tasks' progress.
     *
     * @throws IllegalArgumentException if the owner or the queue is not stored
     */
    public QueueCounts counts(String owner, String queue) {
        OwnerStore stored = storedOwner(owner);
        requireQueue(stored, owner, queue);
        return countsOf(owner, stored, queue);
    }

    /**
     * The queue's counts, whether it is paused, and, when it has running tasks, their progress: a
     * second read, only then.
     */
    private static QueueCounts countsOf(String owner, OwnerStore stored, String queue) {
        Map<TaskStatus, Long> byStatus = stored.countByStatus(queue);
        boolean paused = stored.queue(queue).map(StoredQueue::paused).orElse(false);
        List<RunProgress> runs = byStatus.getOrDefault(TaskStatus.RUNNING, 0L) == 0 ? List.of()
                : stored.running(queue).stream().map(RunProgress::of).toList();
        return QueueCounts.of(owner, queue, byStatus, paused, runs);
    }

    /**
     * The counts of every queue of every owner that can be read, by owner then queue; an owner
     * that cannot be read is left out (see {@link #byOwner()}).
     *
     * @throws dev.taskhost.api.TaskStoreException if the owners cannot be listed
     */
    public List<QueueCounts> counts() {
        return byOwner().stream().flatMap(owner -> owner.queues().stream()).toList();
    }

    /**
     * Every stored owner, sorted, with its queues' counts, or why it cannot be read: one corrupt
     * database hides no other owner (R23).
     *
     * @throws dev.taskhost.api.TaskStoreException if the owners cannot be listed
     */
    public List<OwnerCounts> byOwner() {
        List<OwnerCounts> owners = new ArrayList<>();
        for (String owner : store.owners()) {
            try {
                owners.add(OwnerCounts.read(owner, counts(owner)));
            } catch (TaskStoreException e) {
                owners.add(OwnerCounts.unreadable(owner, Problems.inWords(e)));
            }
        }
        return List.copyOf(owners);
    }

    /**
     * The counts of every queue of the owner, by queue.
     *
     * @throws IllegalArgumentException if the owner is not stored
     */
    public List<QueueCounts> counts(String owner) {
        OwnerStore stored = storedOwner(owner);
        return stored.queueNames().stream()
                .map(queue -> countsOf(owner, stored, queue))
                .toList();
    }

    /**
     * The queue's tasks, oldest first, at most {@code limit}, with the status if one is given.
     *
     * @throws IllegalArgumentException if the owner or the queue is not stored, or {@code limit < 1}
     */
    public List<TaskRecord> tasks(String owner, String queue, Optional<TaskStatus> status, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        OwnerStore stored = storedOwner(owner);
        requireQueue(stored, owner, queue);
        return stored.list(queue, status, Optional.empty(), limit).tasks();
    }

    private OwnerStore storedOwner(String owner) {
        // TaskStore.owner creates an owner that is absent: only ever ask for one that is stored.
        if (!hasOwner(owner)) {
            throw new IllegalArgumentException("no such owner '" + owner + "' in " + directory);
        }
        return store.owner(owner);
    }

    private static void requireQueue(OwnerStore stored, String owner, String queue) {
        if (!stored.queueNames().contains(queue)) {
            throw new IllegalArgumentException("owner '" + owner + "' has no queue '" + queue + "'");
        }
    }

    /** Closes the store. Idempotent. */
    @Override
    public void close() {
        store.close();
    }
}
