package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.ProgressReport;
import dev.taskhost.core.spi.RunRef;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskPage;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.store.sqlite.internal.TaskListingDao.Listed;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;

/**
 * One owner's queues and tasks in its SQLite database. Each method is one statement, or one
 * transaction where it must read before it writes; every change of a task is guarded by the status
 * it expects, so two hosts on one file cannot overwrite each other. Thread-safe.
 *
 * <p>The store is used by one process at a time (R38), so a lease needs no expiry here: a run is
 * held while its task is running with this host's id as its lease holder, and every running task
 * that another holder left is abandoned.
 */
final class SqliteOwnerStore implements OwnerStore {

    static final String SAVE_QUEUE = """
            INSERT INTO queues (name, concurrency, max_retries, backoff_ms, delay_ms, retention_ms,
                                timeout_ms, updated_at)
            VALUES (:name, :concurrency, :maxRetries, :backoff, :delay, :retention, :timeout, :now)
            ON CONFLICT (name) DO UPDATE SET
                concurrency = excluded.concurrency, max_retries = excluded.max_retries,
                backoff_ms = excluded.backoff_ms, delay_ms = excluded.delay_ms,
                retention_ms = excluded.retention_ms, timeout_ms = excluded.timeout_ms,
                updated_at = excluded.updated_at""";

    static final String FIND_QUEUE = "SELECT " + Rows.QUEUE_COLUMNS + " FROM queues WHERE name = :name";

    static final String CANCEL = """
            UPDATE tasks SET status = 'CANCELLED', updated_at = :now, finished_at = :now, lease_holder = NULL
             WHERE id = :id AND status = :status""";

    static final String CANCEL_PENDING = """
            UPDATE tasks SET status = 'CANCELLED', updated_at = :now, finished_at = :now
             WHERE queue = :queue AND status = 'PENDING'""";

    // R45: attempt 0, ready now, message kept. A key that another unfinished task took meanwhile
    // stays with that task (R43): the retried task then goes on without it.
    static final String RETRY = """
            UPDATE tasks SET status = 'PENDING', attempt = 0, ready_at = :now, updated_at = :now,
                   finished_at = NULL,
                   key = CASE WHEN key IS NOT NULL AND EXISTS (
                                   SELECT 1 FROM tasks holder
                                    WHERE holder.queue = tasks.queue AND holder.key = tasks.key
                                      AND holder.key IS NOT NULL AND holder.""" + Schema.UNFINISHED + """
            )
                              THEN NULL ELSE key END
             WHERE id = :id AND status IN ('FAILED', 'CANCELLED')""";

    static final String STATUS = "SELECT status FROM tasks WHERE id = :id";

    static final String PURGE = """
            DELETE FROM tasks WHERE seq IN (
                SELECT t.seq FROM queues q JOIN tasks t ON t.queue = q.name
                 WHERE t.finished_at IS NOT NULL AND t.finished_at <= :now - q.retention_ms
                 LIMIT :limit)""";

    static final String NEXT_EXPIRY = """
            SELECT min(q.retention_ms + (SELECT min(t.finished_at) FROM tasks t
                                          WHERE t.queue = q.name AND t.finished_at IS NOT NULL))
              FROM queues q""";

    static final String SAVE_PROGRESS = """
            UPDATE tasks SET progress_percent = :percent, progress_note = :note, progress_at = :at
             WHERE id = :id AND status = 'RUNNING' AND attempt = :attempt""";

    private static final String HELD = """
            SELECT count(*) FROM tasks
             WHERE id = :id AND status = 'RUNNING' AND attempt = :attempt AND lease_holder = :holder""";

    /** Above every priority there is: where the walk down the priority levels starts (R42). */
    private static final long ABOVE_ALL_PRIORITIES = Integer.MAX_VALUE + 1L;

    /** More claimed runs than this without an outcome, and {@link #claimedSeqs} starts over. */
    private static final int MAX_CLAIMED_SEQS = 65_536;

    private final OwnerDatabase database;
    private final TaskStatements statements = new TaskStatements();
    /**
     * The seq of each task this store claimed, by id, until its outcome is recorded: an outcome is
     * then recorded by rowid. Only a shortcut: an outcome of a task missing here (a run of an
     * earlier process, or one whose entry was dropped) is recorded by its id.
     */
    private final Map<String, Long> claimedSeqs = new ConcurrentHashMap<>();

    SqliteOwnerStore(OwnerDatabase database) {
        this.database = database;
    }

    @Override
    public void saveQueue(String queueName, QueueConfig config, Instant now) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(now, "now");
        QueueDao.QueueRow row = new QueueDao.QueueRow(queueName, config.concurrency(), config.maxRetries(),
                Rows.millis(config.backoff()), Rows.millis(config.delay()), Rows.millis(config.retention()),
                Rows.millis(config.timeout()));
        database.writeStatement("save queue '" + queueName + "'", handle -> {
            handle.attach(QueueDao.class).save(row, now.toEpochMilli());
            return null;
        });
    }

    @Override
    public Optional<StoredQueue> queue(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("find queue '" + queueName + "'", handle -> handle.attach(QueueDao.class).find(queueName));
    }

    private static Optional<StoredQueue> storedQueue(Handle handle, String queueName) {
        return handle.createQuery(FIND_QUEUE)
                .bind("name", queueName)
                .map((row, context) -> Rows.storedQueue(row))
                .findOne();
    }

    @Override
    public List<String> queueNames() {
        List<String> names = new ArrayList<>(database.call("list queues",
                handle -> handle.attach(QueueDao.class).names()));
        Collections.sort(names); // Java's order, which SQLite's byte order is not for every name
        return List.copyOf(names);
    }

    @Override
    public void setPaused(String queueName, boolean paused, Instant now) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(now, "now");
        database.writeStatement((paused ? "pause" : "resume") + " queue '" + queueName + "'",
                handle -> {
                    handle.attach(QueueDao.class).setPaused(queueName, paused ? 1 : 0, now.toEpochMilli());
                    return null;
                });
    }

    @Override
    public String insert(NewTask task) {
        Objects.requireNonNull(task, "task");
        String operation = "insert task " + task.id() + " into queue '" + task.queueName() + "'";
        OwnerDatabase.Work<String> insert = handle -> statements.insert(handle, task);
        // Durable when the (group) commit returns (R9), to the chosen Durability. A keyed insert
        // reads the key's holder when it stored nothing: both in one transaction (R43).
        return task.key().isEmpty() ? database.writeStatement(operation, insert) : database.write(operation, insert);
    }

    @Override
    public Optional<TaskRecord> find(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        return database.call("find task " + taskId, handle -> handle.attach(TaskListingDao.class).find(taskId));
    }

    @Override
    public Optional<byte[]> payload(String taskId) {
        Objects.requireNonNull(taskId, "taskId");
        // One database per owner: the owner's scope is the file itself.
        return database.call("read the payload of task " + taskId, handle -> handle.attach(TaskListingDao.class).payload(taskId));
    }

    @Override
    public Optional<TaskRecord> findByKey(String queueName, String key) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(key, "key");
        return database.call("find the task of queue '" + queueName + "' with key '" + key + "'",
                handle -> handle.attach(TaskListingDao.class).findByKey(queueName, key));
    }

    @Override
    public Optional<TaskStatus> cancel(String taskId, boolean running, Instant now) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(now, "now");
        // One transaction: the status read is the one the guarded update then changes (R18, R47).
        return database.write("cancel task " + taskId, handle -> {
            Optional<TaskStatus> status = status(handle, taskId);
            boolean cancellable = status.filter(found -> found == TaskStatus.PENDING
                    || (running && found == TaskStatus.RUNNING)).isPresent();
            if (cancellable) {
                handle.attach(TaskControlDao.class).cancel(taskId, status.get().name(), now.toEpochMilli());
            }
            return status;
        });
    }

    private static Optional<TaskStatus> status(Handle handle, String taskId) throws java.sql.SQLException {
        Optional<String> status = handle.attach(TaskControlDao.class).status(taskId);
        return status.isEmpty() ? Optional.empty() : Optional.of(Rows.status(status.get()));
    }

    @Override
    public long cancelPending(String queueName, Instant now) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(now, "now");
        return database.writeStatement("cancel the pending tasks of queue '" + queueName + "'",
                handle -> handle.attach(TaskControlDao.class).cancelPending(queueName, now.toEpochMilli()));
    }

    /**
     * {@inheritDoc}
     *
     * <p>A task whose key (R43) another unfinished task of its queue took since it ended is retried
     * without its key, so that a key stays with one unfinished task.
     */
    @Override
    public Optional<TaskStatus> retry(String taskId, Instant now) {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(now, "now");
        return database.write("retry task " + taskId, handle -> {
            Optional<TaskStatus> status = status(handle, taskId);
            if (status.isPresent() && (status.get() == TaskStatus.FAILED || status.get() == TaskStatus.CANCELLED)) {
                handle.attach(TaskControlDao.class).retry(taskId, now.toEpochMilli());
            }
            return status;
        });
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        Objects.requireNonNull(request, "request");
        String queueName = request.queueName();
        if (request.max() == 0) {
            return database.call("read queue '" + queueName + "'", handle -> nothingClaimed(handle, queueName));
        }
        return database.write("claim from queue '" + queueName + "'", handle -> claim(handle, request));
    }

    /** One transaction, so that the outcomes and the claim share one commit. */
    @Override
    public ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request) {
        List<Outcome> all = List.copyOf(outcomes);
        Objects.requireNonNull(request, "request");
        if (all.isEmpty()) {
            return claim(request);
        }
        return database.write("record " + all.size() + " outcome(s), then claim from queue '"
                + request.queueName() + "'", handle -> {
                    statements.record(handle, all, claimedSeqs);
                    forgetSeqs(all); // before the claim, which may claim a retried task again
                    return request.max() == 0 ? nothingClaimed(handle, request.queueName()) : claim(handle, request);
                });
    }

    /**
     * The outcomes are recorded: their runs' seqs are not needed again. Forgotten even if the
     * transaction then rolls back: the outcome's next try goes by id.
     */
    private void forgetSeqs(List<Outcome> recorded) {
        for (Outcome outcome : recorded) {
            claimedSeqs.remove(outcome.taskId());
        }
    }

    private static ClaimResult nothingClaimed(Handle handle, String queueName) {
        Optional<StoredQueue> queue = storedQueue(handle, queueName);
        return new ClaimResult(List.of(), queue.flatMap(StoredQueue::lastStart),
                queue.map(StoredQueue::paused).orElse(false));
    }

    /**
     * The claim, inside the write transaction: the queue's pause (R44), its running tasks on every
     * host (R12) and its stored last start (R13, R36) decide how many may start, then the priority
     * levels are walked down from the highest, each a range scan of the ready index (R42, R11).
     * Every statement here is plain JDBC: through Jdbi, the queue read, the running count and the
     * last start cost the dispatching thread more than the claim itself.
     */
    private ClaimResult claim(Handle handle, ClaimRequest request) throws java.sql.SQLException {
        String queueName = request.queueName();
        TaskStatements.ClaimState state = statements.claimState(handle, queueName);
        if (state == null) {
            return new ClaimResult(List.of(), Optional.empty(), false);
        }
        Optional<Instant> lastStart = state.queue().lastStart();
        if (state.queue().paused()) {
            return new ClaimResult(List.of(), lastStart, true);
        }
        long running = state.running();
        long take = Math.min(request.max(), request.concurrency() - running);
        Duration delay = request.delay();
        if (!delay.isZero() && !delay.isNegative()) {
            if (lastStart.isPresent() && request.now().isBefore(plusOrMax(lastStart.get(), delay))) {
                return new ClaimResult(List.of(), lastStart, false);
            }
            take = Math.min(take, 1);
        }
        if (take <= 0) {
            return new ClaimResult(List.of(), lastStart, false);
        }
        long now = request.now().toEpochMilli();
        String holder = request.lease().holder();
        List<ClaimedTask> claimed = new ArrayList<>();
        Integer level = state.topLevel();
        while (level != null && claimed.size() < take) {
            List<Rows.Claimed> atLevel = new ArrayList<>(statements.claim(handle, queueName, level, now,
                    (int) (take - claimed.size()), holder));
            atLevel.sort(Rows.Claimed.ORDER); // RETURNING gives no order (R11)
            atLevel.forEach(row -> claimed.add(row.task()));
            if (claimedSeqs.size() + atLevel.size() > MAX_CLAIMED_SEQS) {
                claimedSeqs.clear(); // runs that never ended here (lost, released with the host): start over
            }
            atLevel.forEach(row -> claimedSeqs.put(row.task().id(), row.seq()));
            if (claimed.size() < take) {
                level = statements.nextLevel(handle, queueName, level);
            }
        }
        if (claimed.isEmpty()) {
            return new ClaimResult(List.of(), lastStart, false);
        }
        statements.setLastStart(handle, queueName, now);
        return new ClaimResult(claimed, Optional.of(Instant.ofEpochMilli(now)), false);
    }

    /** A delay that reaches past the last instant there is means no next start: never overflow (R13, R33). */
    private static Instant plusOrMax(Instant start, Duration delay) {
        return delay.compareTo(Duration.between(start, Instant.MAX)) >= 0 ? Instant.MAX : start.plus(delay);
    }

    /** Walks the priority levels down, one seek in the ready index each, as the claim does (R42). */
    @Override
    public Optional<Instant> nextReadyAt(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("find the next ready time of queue '" + queueName + "'", handle -> {
            Optional<Instant> earliest = Optional.empty();
            for (Integer level = statements.nextLevel(handle, queueName, ABOVE_ALL_PRIORITIES); level != null;
                 level = statements.nextLevel(handle, queueName, level)) {
                Instant first = handle.createQuery("""
                                SELECT ready_at FROM tasks WHERE queue = :queue AND status = 'PENDING' AND priority = :level
                                 ORDER BY ready_at LIMIT 1""")
                        .bind("queue", queueName)
                        .bind("level", level)
                        .map((row, context) -> Rows.instant(row, "ready_at"))
                        .one();
                if (earliest.isEmpty() || first.isBefore(earliest.get())) {
                    earliest = Optional.of(first);
                }
            }
            return earliest;
        });
    }

    @Override
    public List<TaskRecord> running(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("list the running tasks of queue '" + queueName + "'",
                handle -> handle.attach(TaskListingDao.class).running(queueName));
    }

    /** Every running task that {@code holder} does not hold: only one process uses the file (R38). */
    @Override
    public List<TaskRecord> abandoned(String queueName, String holder) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(holder, "holder");
        return database.call("list the abandoned tasks of queue '" + queueName + "'",
                handle -> handle.attach(TaskListingDao.class).abandoned(queueName, holder));
    }

    @Override
    public int record(List<Outcome> outcomes) {
        List<Outcome> all = List.copyOf(outcomes); // null-checks the list and its elements
        if (all.isEmpty()) {
            return 0;
        }
        OwnerDatabase.Work<Integer> recordAll = handle -> {
            int applied = statements.record(handle, all, claimedSeqs);
            forgetSeqs(all);
            return applied;
        };
        String operation = "record " + all.size() + " outcome(s)";
        return all.size() == 1 ? database.writeStatement(operation, recordAll) : database.write(operation, recordAll);
    }

    @Override
    public int recordAbandoned(List<Outcome> outcomes, String holder) {
        List<Outcome> all = List.copyOf(outcomes);
        Objects.requireNonNull(holder, "holder");
        if (all.isEmpty()) {
            return 0;
        }
        return database.write("record " + all.size() + " abandoned run(s)",
                handle -> statements.recordAbandoned(handle, all, holder));
    }

    /** Nothing to renew: a lease here has no expiry (R38). Reports the runs the holder no longer holds. */
    @Override
    public Set<RunRef> renewLeases(Collection<RunRef> runs, Lease lease) {
        List<RunRef> all = List.copyOf(runs);
        Objects.requireNonNull(lease, "lease");
        if (all.isEmpty()) {
            return Set.of();
        }
        return database.call("renew " + all.size() + " lease(s)", handle -> {
            Set<RunRef> lost = new LinkedHashSet<>();
            for (RunRef run : all) {
                long count = handle.createQuery(HELD).bind("id", run.taskId()).bind("attempt", run.attempt())
                        .bind("holder", lease.holder()).mapTo(Long.class).one();
                if (count == 0) {
                    lost.add(run);
                }
            }
            return Collections.unmodifiableSet(lost);
        });
    }

    @Override
    public void saveProgress(List<ProgressReport> reports) {
        List<ProgressReport> all = List.copyOf(reports);
        if (all.isEmpty()) {
            return;
        }
        database.write("save the progress of " + all.size() + " run(s)", handle -> {
            TaskControlDao tasks = handle.attach(TaskControlDao.class);
            for (ProgressReport report : all) {
                TaskProgress progress = report.progress();
                tasks.saveProgress(report.run().taskId(), report.run().attempt(), progress.percent(), progress.note(),
                        progress.reportedAt().toEpochMilli());
            }
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    @Override
    public int purgeExpired(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        // The floor first, in the same transaction: the newest tasks may be among those deleted (R49).
        return database.write("purge expired tasks", handle -> {
            SweepDao sweeps = handle.attach(SweepDao.class);
            sweeps.raiseSeqFloor();
            return sweeps.purgeExpired(now.toEpochMilli(), limit);
        });
    }

    @Override
    public Optional<Instant> nextExpiry() {
        Long next = database.call("find the next expiry", handle -> handle.attach(SweepDao.class).nextExpiry());
        return Optional.ofNullable(next).map(Instant::ofEpochMilli);
    }

    @Override
    public Map<TaskStatus, Long> countByStatus(String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return database.call("count the tasks of queue '" + queueName + "'", handle -> {
            Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
            for (Map.Entry<String, Long> count : handle.attach(CountsDao.class).byStatus(queueName).entrySet()) {
                counts.put(Rows.status(count.getKey()), count.getValue());
            }
            return Collections.unmodifiableMap(counts);
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each status is a range scan of the status index from the cursor on; a page of all statuses
     * merges the five by enqueue order, so a page costs the same at every backlog size.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1, or {@code after} is malformed
     */
    @Override
    public TaskPage list(String queueName, Optional<TaskStatus> status, Optional<String> after, int limit) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long from = after.map(ListCursor::seq).orElse(0L);
        List<TaskStatus> statuses = status.map(List::of).orElse(List.of(TaskStatus.values()));
        return database.call("list the tasks of queue '" + queueName + "'", handle -> {
            TaskListingDao listing = handle.attach(TaskListingDao.class);
            List<Listed> rows = new ArrayList<>();
            for (TaskStatus wanted : statuses) {
                rows.addAll(listing.page(queueName, wanted.name(), from, limit + 1L));
            }
            rows.sort(Comparator.comparingLong(Listed::seq));
            boolean more = rows.size() > limit;
            List<Listed> page = more ? rows.subList(0, limit) : rows;
            Optional<String> next = more ? Optional.of(ListCursor.of(page.get(limit - 1).seq())) : Optional.empty();
            return new TaskPage(page.stream().map(Listed::task).toList(), next);
        });
    }

    @Override
    public boolean saveSchedule(String name, String queueName, String spec, byte[] payload, Instant now) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(now, "now");
        return database.writeStatement("save schedule '" + name + "'",
                handle -> handle.attach(ScheduleDao.class).save(name, queueName, spec, payload, now.toEpochMilli()) == 1);
    }

    @Override
    public boolean deleteSchedule(String name) {
        Objects.requireNonNull(name, "name");
        return database.writeStatement("delete schedule '" + name + "'",
                handle -> handle.attach(ScheduleDao.class).delete(name) == 1);
    }

    @Override
    public Optional<dev.taskhost.core.spi.StoredSchedule> schedule(String name) {
        Objects.requireNonNull(name, "name");
        return database.call("find schedule '" + name + "'", handle -> handle.attach(ScheduleDao.class).find(name));
    }

    @Override
    public List<dev.taskhost.core.spi.StoredSchedule> schedules() {
        List<dev.taskhost.core.spi.StoredSchedule> all = new ArrayList<>(database.call("list schedules",
                handle -> handle.attach(ScheduleDao.class).all()));
        all.sort(java.util.Comparator.comparing(dev.taskhost.core.spi.StoredSchedule::name));
        return List.copyOf(all);
    }

    @Override
    public Optional<String> fire(dev.taskhost.core.spi.ScheduleFire fire) {
        Objects.requireNonNull(fire, "fire");
        // The guard and the insert in one transaction: both happen, or neither (R51).
        return database.write("fire schedule '" + fire.schedule().name() + "' at " + fire.at(), handle ->
                ScheduleStatements.advance(handle.attach(ScheduleDao.class), fire)
                        ? Optional.of(statements.insert(handle, fire.task()))
                        : Optional.<String>empty());
    }

    /** The database this store works on. */
    OwnerDatabase database() {
        return database;
    }

    /** Closes the database's connection if unused for {@code idleNanos}; see {@link OwnerDatabase#closeIfIdle}. */
    boolean closeIfIdle(long idleNanos) {
        return database.closeIfIdle(idleNanos);
    }

    /** Checkpoints the database's write-ahead log; see {@link OwnerDatabase#checkpoint}. */
    boolean checkpoint() {
        return database.checkpoint();
    }

    /** What the checkpoints did so far; for tests and figures. */
    OwnerDatabase.CheckpointFigures checkpointFigures() {
        return database.checkpointFigures();
    }

    /** Whether the checkpoint's connection is open now; for tests. */
    boolean checkpointConnected() {
        return database.checkpointConnected();
    }

    /** Whether the database's connection is open now; for tests. */
    boolean connected() {
        return database.connected();
    }

    /** Closes the database; further calls fail. */
    void close() {
        database.close();
    }
}
