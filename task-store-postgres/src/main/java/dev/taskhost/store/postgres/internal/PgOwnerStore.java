package dev.taskhost.store.postgres.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ProgressReport;
import dev.taskhost.core.spi.RunRef;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskPage;
import dev.taskhost.core.spi.TaskRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.argument.Argument;

/**
 * One owner's part of the shared schema: every statement names the owner (R1, R2). Limits that
 * must hold across hosts are decided by the database in one statement: the claim locks the queue's
 * row, whose {@code running} count every transition into or out of {@code RUNNING} keeps in the
 * same statement, and takes ready tasks with {@code FOR UPDATE SKIP LOCKED} (R12, R13, R35, R36,
 * R44). Thread-safe: it holds no state of its own.
 */
final class PgOwnerStore implements OwnerStore {

    /** The longest lease a claim or a renewal stamps: a longer one is as good as endless (R33). */
    private static final Duration LONGEST_LEASE = Duration.ofDays(365L * 1000);
    /** The longest retention the store does arithmetic with (R33): about 31,000 years. */
    private static final long LONGEST_RETENTION_MS = 1_000_000_000_000_000L;

    static final String TASK_COLUMNS = "id, queue, status, message, attempt, created_at, updated_at, "
            + "ready_at, priority, task_key, progress_percent, progress_note, progress_at";

    /**
     * The outcomes bound as arrays ({@code o}) and applied to the runs still running at their attempt
     * ({@code done}, returning each applied one's queue): the start of every statement that records
     * outcomes, so that all of them apply an outcome alike. {@code guard} narrows the runs further.
     */
    private static String outcomesApplied(String guard) {
        return """
                WITH o AS (
                    SELECT * FROM unnest(:ids, :attempts, :statuses, :messages, :nexts, :readys, :ats)
                        AS o(id, attempt, status, message, next_attempt, ready_at, at)),
                done AS (
                    UPDATE {S}.tasks t
                    SET status = o.status, message = o.message, attempt = o.next_attempt,
                        ready_at = CASE WHEN o.status = 'PENDING' THEN o.ready_at ELSE t.ready_at END,
                        updated_at = o.at,
                        ended_at = CASE WHEN o.status = 'PENDING' THEN NULL ELSE o.at END,
                        lease_holder = NULL, lease_expires_at = NULL
                    FROM o
                    WHERE t.owner = :owner AND t.id = o.id AND t.status = 'RUNNING' AND t.attempt = o.attempt"""
                + " " + guard + """

                    RETURNING t.queue)""";
    }

    /**
     * Records the outcomes of runs, then claims, in one statement, so that a dispatch is one round trip
     * and one commit. The outcomes' task rows are locked first (the one-time filter on {@code done} makes
     * the queue's row wait for them), then the queue's row, as every other statement that takes both
     * does. The queue's {@code running} count loses the runs that ended and gains the claimed ones in one
     * update; the claim sees the freed slots. When runs of the queue ended and slots are still free with
     * ready tasks left, the statement wakes the other hosts (R39); for outcomes of another queue, that
     * queue's count drops and the same holds. With no outcomes, this is the claim alone.
     *
     * <p>Every read of {@code tasks} here has a shape that only an index serves, whatever the plan
     * (the driver's prepared statement gets a generic one after a few runs): the claimed rows are
     * updated by {@code id = ANY (ARRAY(…))} (the primary key), and the ready-task checks read the
     * first ready task in {@code tasks_ready}'s order (a scalar subquery: an {@code EXISTS} loses its
     * {@code ORDER BY … LIMIT}). Joined on {@code id} or as a plain {@code EXISTS}, the planner chose a
     * sequential scan of the whole table for them, so each dispatch cost in proportion to the table:
     * a backlog of 100,000 drained at a tenth of the rate of one of 10,000.
     */
    static final String RECORD_THEN_CLAIM = outcomesApplied("") + """
            ,
            freed_other AS (
                UPDATE {S}.queues q SET running = q.running - d.n
                FROM (SELECT queue, count(*) AS n FROM done WHERE queue <> :queue GROUP BY queue) d
                WHERE q.owner = :owner AND q.name = d.queue
                RETURNING q.name, q.paused, q.running, q.concurrency),
            q AS MATERIALIZED (
                SELECT paused, last_start, concurrency,
                       running - (SELECT count(*) FROM done WHERE done.queue = :queue) AS running
                FROM {S}.queues
                WHERE owner = :owner AND name = :queue AND (SELECT count(*) FROM done) >= 0
                FOR UPDATE),
            ready AS MATERIALIZED (
                SELECT t.id FROM {S}.tasks t
                WHERE t.owner = :owner AND t.queue = :queue AND t.status = 'PENDING' AND t.ready_at <= :now
                  AND EXISTS (SELECT 1 FROM q WHERE NOT q.paused
                              AND (:delay = 0 OR q.last_start IS NULL OR q.last_start <= :now - :delay))
                ORDER BY t.priority DESC, t.ready_at, t.seq
                LIMIT (SELECT greatest(0, least(:max, :concurrency - q.running,
                                                CASE WHEN :delay > 0 THEN 1 ELSE :max END)) FROM q)
                FOR UPDATE OF t SKIP LOCKED),
            claimed AS (
                UPDATE {S}.tasks t
                SET status = 'RUNNING', attempt = t.attempt + 1, updated_at = :now,
                    lease_holder = :holder, lease_expires_at = now() + :leaseMs * interval '1 millisecond'
                WHERE t.id = ANY (ARRAY(SELECT id FROM ready))
                RETURNING t.id, t.payload, t.attempt, t.ready_at, t.priority, t.seq),
            started AS (
                UPDATE {S}.queues
                SET running = running - (SELECT count(*) FROM done WHERE done.queue = :queue)
                              + (SELECT count(*) FROM claimed),
                    last_start = CASE WHEN EXISTS (SELECT 1 FROM claimed) THEN :now ELSE last_start END
                WHERE owner = :owner AND name = :queue
                  AND (EXISTS (SELECT 1 FROM claimed) OR EXISTS (SELECT 1 FROM done WHERE done.queue = :queue))
                RETURNING last_start, running),
            woke AS (
                SELECT pg_notify(:channel, :note) FROM q
                WHERE EXISTS (SELECT 1 FROM done WHERE done.queue = :queue) AND NOT q.paused
                  AND q.running + (SELECT count(*) FROM claimed) < q.concurrency
                  AND (SELECT t.id FROM {S}.tasks t WHERE t.owner = :owner AND t.queue = :queue
                       AND t.status = 'PENDING' AND t.ready_at <= :now
                       AND NOT (t.id = ANY (ARRAY(SELECT id FROM claimed)))
                       ORDER BY t.priority DESC, t.ready_at, t.seq LIMIT 1) IS NOT NULL
                UNION ALL
                SELECT pg_notify(:channel, :notePrefix || f.name) FROM freed_other f
                WHERE NOT f.paused AND f.running < f.concurrency
                  AND (SELECT t.id FROM {S}.tasks t WHERE t.owner = :owner AND t.queue = f.name
                       AND t.status = 'PENDING' AND t.ready_at <= :now
                       ORDER BY t.priority DESC, t.ready_at, t.seq LIMIT 1) IS NOT NULL)
            SELECT c.id, c.payload, c.attempt, c.ready_at, c.priority, c.seq, q.paused,
                   coalesce((SELECT last_start FROM started), q.last_start) AS last_start,
                   coalesce((SELECT running FROM started), q.running) AS running, q.concurrency,
                   (SELECT count(*) FROM woke) AS woke
            FROM q LEFT JOIN claimed c ON true""";

    /** Records outcomes of runs still running at their attempt; {GUARD} narrows it for recoveries. */
    private static final String RECORD = outcomesApplied("{GUARD}") + """
            ,
            freed AS (
                UPDATE {S}.queues q SET running = q.running - d.n
                FROM (SELECT queue, count(*) AS n FROM done GROUP BY queue) d
                WHERE q.owner = :owner AND q.name = d.queue)
            SELECT queue FROM done""";

    /** Wakes the other hosts when the queue has ready tasks and a free slot (R39). */
    static final String NOTIFY_IF_READY = """
            SELECT pg_notify(:channel, :note) FROM {S}.queues q
            WHERE q.owner = :owner AND q.name = :queue AND NOT q.paused AND q.running < q.concurrency
              AND (SELECT t.id FROM {S}.tasks t WHERE t.owner = :owner AND t.queue = :queue
                   AND t.status = 'PENDING' AND t.ready_at <= :now
                   ORDER BY t.priority DESC, t.ready_at, t.seq LIMIT 1) IS NOT NULL""";

    private final String owner;
    private final Database database;
    private final Statements statements;
    private final Wakeups wakeups;
    private final TaskInserts inserts;
    private final Enqueues enqueues;

    PgOwnerStore(String owner, Database database, Statements statements, Wakeups wakeups, TaskInserts inserts,
                 Enqueues enqueues) {
        this.owner = owner;
        this.database = database;
        this.statements = statements;
        this.wakeups = wakeups;
        this.inserts = inserts;
        this.enqueues = enqueues;
    }

    private String sql(String template) {
        return statements.sql(template);
    }

    // ------------------------------------------------------------------ queues

    @Override
    public void saveQueue(String queueName, QueueConfig config, Instant now) {
        Objects.requireNonNull(queueName, "queueName");
        Objects.requireNonNull(config, "config");
        QueueDao.QueueRow row = new QueueDao.QueueRow(queueName, config.concurrency(), config.maxRetries(),
                config.backoff().toString(), config.delay().toString(), config.retention().toString(),
                Math.min(millis(config.retention()), LONGEST_RETENTION_MS), config.timeout().toString());
        database.transaction("save queue '" + queueName + "' of owner '" + owner + "'", handle -> {
            handle.attach(QueueDao.class).save(owner, row, now.toEpochMilli());
            return null;
        });
    }

    @Override
    public Optional<StoredQueue> queue(String queueName) {
        return database.read("read queue '" + queueName + "' of owner '" + owner + "'", handle ->
                handle.attach(QueueDao.class).find(owner, queueName));
    }

    @Override
    public List<String> queueNames() {
        return database.read("list the queues of owner '" + owner + "'", handle ->
                handle.attach(QueueDao.class).names(owner))
                .stream().sorted().toList();
    }

    @Override
    public void setPaused(String queueName, boolean paused, Instant now) {
        database.transaction((paused ? "pause" : "resume") + " queue '" + queueName + "' of owner '" + owner + "'",
                handle -> {
                    int changed = handle.attach(QueueDao.class).setPaused(owner, queueName, paused, now.toEpochMilli());
                    if (changed > 0 && !paused) {
                        notifyIfReady(handle, queueName, now.toEpochMilli());
                    }
                    return null;
                });
    }

    // ------------------------------------------------------------------ tasks

    @Override
    public String insert(NewTask task) {
        Objects.requireNonNull(task, "task");
        // Committed with the concurrent enqueues of every owner (Enqueues says why).
        String id = enqueues.insert(owner, task);
        // After the commit, off this thread, coalesced (Wakeups says why).
        wakeups.send(statements.note(owner, task.queueName()));
        return id;
    }

    @Override
    public Optional<TaskRecord> find(String taskId) {
        return database.read("read task " + taskId, handle -> handle.attach(TaskListingDao.class).find(owner, taskId));
    }

    @Override
    public Optional<byte[]> payload(String taskId) {
        return database.read("read the payload of task " + taskId, handle ->
                handle.attach(TaskListingDao.class).payload(owner, taskId));
    }

    @Override
    public Optional<TaskRecord> findByKey(String queueName, String key) {
        return database.read("find key in queue '" + queueName + "'", handle ->
                handle.attach(TaskListingDao.class).findByKey(owner, queueName, key));
    }

    @Override
    public Optional<TaskStatus> cancel(String taskId, boolean running, Instant now) {
        return database.transaction("cancel task " + taskId, handle -> {
            TaskControlDao tasks = handle.attach(TaskControlDao.class);
            Optional<TaskControlDao.Locked> found = tasks.lock(owner, taskId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            TaskStatus status = TaskStatus.valueOf(found.get().status());
            String queue = found.get().queue();
            if (status == TaskStatus.PENDING || (running && status == TaskStatus.RUNNING)) {
                tasks.cancel(owner, taskId, now.toEpochMilli());
                if (status == TaskStatus.RUNNING) {
                    tasks.freeSlot(owner, queue);
                    notifyIfReady(handle, queue, now.toEpochMilli());
                }
            }
            return Optional.of(status);
        });
    }

    @Override
    public long cancelPending(String queueName, Instant now) {
        return database.transaction("clear queue '" + queueName + "' of owner '" + owner + "'", handle ->
                (long) handle.attach(TaskControlDao.class).cancelPending(owner, queueName, now.toEpochMilli()));
    }

    @Override
    public Optional<TaskStatus> retry(String taskId, Instant now) {
        return database.transaction("retry task " + taskId, handle -> {
            TaskControlDao tasks = handle.attach(TaskControlDao.class);
            Optional<TaskControlDao.Locked> found = tasks.lock(owner, taskId);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            TaskStatus status = TaskStatus.valueOf(found.get().status());
            if (status == TaskStatus.FAILED || status == TaskStatus.CANCELLED) {
                tasks.retry(owner, taskId, now.toEpochMilli());
                notifyIfReady(handle, found.get().queue(), now.toEpochMilli());
            }
            return Optional.of(status);
        });
    }

    // ------------------------------------------------------------------ claims and outcomes

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return recordThenClaim(List.of(), request);
    }

    /**
     * One statement in auto-commit: one round trip and one commit per dispatch, the queue's row locked
     * only for that statement and its commit.
     */
    @Override
    public ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request) {
        Objects.requireNonNull(request, "request");
        List<Outcome> copy = List.copyOf(outcomes);
        if (copy.isEmpty() && request.max() == 0) {
            return database.read("read queue '" + request.queueName() + "' of owner '" + owner + "'",
                    handle -> queue(handle, request.queueName()));
        }
        return database.write((copy.isEmpty() ? "claim from queue '" : "record outcomes and claim from queue '")
                        + request.queueName() + "' of owner '" + owner + "'",
                handle -> recordThenClaim(handle, copy, request));
    }

    private ClaimResult recordThenClaim(Handle handle, List<Outcome> outcomes, ClaimRequest request) {
        long delay = millis(request.delay());
        OutcomeArrays o = new OutcomeArrays(outcomes);
        List<ClaimRow> rows = o.bind(handle.createQuery(sql(RECORD_THEN_CLAIM)))
                .bind("owner", owner).bind("queue", request.queueName())
                .bind("now", request.now().toEpochMilli()).bind("delay", delay)
                .bind("max", request.max()).bind("concurrency", request.concurrency())
                .bind("holder", request.lease().holder()).bind("leaseMs", leaseMillis(request.lease()))
                .bind("channel", statements.channel()).bind("note", statements.note(owner, request.queueName()))
                .bind("notePrefix", statements.note(owner, ""))
                .map((rs, ctx) -> new ClaimRow(rs.getString("id") == null ? null
                        : new ClaimedTask(rs.getString("id"), request.queueName(), rs.getBytes("payload"),
                                rs.getInt("attempt"), Instant.ofEpochMilli(rs.getLong("ready_at"))),
                        rs.getInt("priority"), rs.getLong("seq"), rs.getBoolean("paused"), instant(rs, "last_start"),
                        rs.getInt("running")))
                .list();
        if (rows.isEmpty()) {
            return new ClaimResult(List.of(), Optional.empty(), false);
        }
        List<ClaimedTask> claimed = rows.stream().filter(row -> row.task() != null)
                .sorted(Comparator.comparingInt(ClaimRow::priority).reversed()
                        .thenComparing(row -> row.task().readyAt()).thenComparingLong(ClaimRow::seq))
                .map(ClaimRow::task).toList();
        ClaimRow first = rows.get(0);
        // Full across the hosts: the end of a run, here or on another host, wakes the queue (R39).
        return new ClaimResult(claimed, first.lastStart(), first.paused(), first.running() >= request.concurrency());
    }

    /** What a claim of nothing says: the queue's pause and last start. */
    private ClaimResult queue(Handle handle, String queueName) {
        return handle.createQuery(sql("SELECT paused, last_start FROM {S}.queues WHERE owner = :owner AND name = :queue"))
                .bind("owner", owner).bind("queue", queueName)
                .map((rs, ctx) -> new ClaimResult(List.of(), instant(rs, "last_start"), rs.getBoolean("paused")))
                .findOne().orElse(new ClaimResult(List.of(), Optional.empty(), false));
    }

    private record ClaimRow(ClaimedTask task, int priority, long seq, boolean paused, Optional<Instant> lastStart,
                            int running) {
    }

    @Override
    public int record(List<Outcome> outcomes) {
        List<Outcome> copy = List.copyOf(outcomes);
        if (copy.isEmpty()) {
            return 0;
        }
        return database.transaction("record " + copy.size() + " outcome(s) of owner '" + owner + "'",
                handle -> recordAndNotify(handle, copy, ""));
    }

    @Override
    public int recordAbandoned(List<Outcome> outcomes, String holder) {
        List<Outcome> copy = List.copyOf(outcomes);
        if (copy.isEmpty()) {
            return 0;
        }
        // Still running at that attempt and still expired on the database's clock (R37): a run that
        // ended, or whose lease was renewed, since it was read is left alone.
        return database.transaction("recover " + copy.size() + " abandoned run(s) of owner '" + owner + "'",
                handle -> recordAndNotify(handle, copy, "AND t.lease_expires_at < now()"));
    }

    private int recordAndNotify(Handle handle, List<Outcome> outcomes, String guard) {
        List<String> applied = recordRows(handle, outcomes, guard);
        long now = outcomes.stream().mapToLong(o -> o.at().toEpochMilli()).max().orElseThrow();
        for (String queue : new TreeSet<>(applied)) {
            notifyIfReady(handle, queue, now);
        }
        return applied.size();
    }

    /** Applies the outcomes; returns the queue of each applied one. */
    private List<String> recordRows(Handle handle, List<Outcome> outcomes, String guard) {
        return new OutcomeArrays(outcomes).bind(handle.createQuery(sql(RECORD.replace("{GUARD}", guard))))
                .bind("owner", owner)
                .mapTo(String.class).list();
    }

    /** Outcomes as the arrays the statements unnest, one element per outcome. */
    private static final class OutcomeArrays {
        private final String[] ids;
        private final Integer[] attempts;
        private final String[] statuses;
        private final String[] messages;
        private final Integer[] nexts;
        private final Long[] readys;
        private final Long[] ats;

        OutcomeArrays(List<Outcome> outcomes) {
            int n = outcomes.size();
            ids = new String[n];
            attempts = new Integer[n];
            statuses = new String[n];
            messages = new String[n];
            nexts = new Integer[n];
            readys = new Long[n];
            ats = new Long[n];
            for (int i = 0; i < n; i++) {
                Outcome o = outcomes.get(i);
                ids[i] = o.taskId();
                attempts[i] = o.attempt();
                statuses[i] = o.status().name();
                messages[i] = o.message();
                nexts[i] = o.nextAttempt();
                readys[i] = o.readyAt().toEpochMilli();
                ats[i] = o.at().toEpochMilli();
            }
        }

        <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(T statement) {
            return statement.bind("ids", array("text", ids)).bind("attempts", array("integer", attempts))
                    .bind("statuses", array("text", statuses)).bind("messages", array("text", messages))
                    .bind("nexts", array("integer", nexts)).bind("readys", array("bigint", readys))
                    .bind("ats", array("bigint", ats));
        }
    }

    private void notifyIfReady(Handle handle, String queue, long now) {
        handle.createQuery(sql(NOTIFY_IF_READY))
                .bind("channel", statements.channel()).bind("note", statements.note(owner, queue))
                .bind("owner", owner).bind("queue", queue).bind("now", now)
                .map((rs, ctx) -> Boolean.TRUE).list();
    }

    @Override
    public Optional<Instant> nextReadyAt(String queueName) {
        return database.read("read the next ready time of queue '" + queueName + "'", handle ->
                handle.createQuery(sql("SELECT min(ready_at) AS ready_at FROM {S}.tasks "
                                + "WHERE owner = :owner AND queue = :queue AND status = 'PENDING'"))
                        .bind("owner", owner).bind("queue", queueName)
                        .map((rs, ctx) -> instant(rs, "ready_at")).one());
    }

    @Override
    public List<TaskRecord> running(String queueName) {
        return database.read("list the running tasks of queue '" + queueName + "'", handle ->
                handle.attach(TaskListingDao.class).running(owner, queueName));
    }

    /** Runs whose lease expired on the database's clock (R37); in a shared store no other run is abandoned. */
    @Override
    public List<TaskRecord> abandoned(String queueName, String holder) {
        return database.read("list the abandoned runs of queue '" + queueName + "'", handle ->
                handle.attach(TaskListingDao.class).abandoned(owner, queueName));
    }

    @Override
    public Set<RunRef> renewLeases(Collection<RunRef> runs, Lease lease) {
        Objects.requireNonNull(lease, "lease");
        List<RunRef> copy = List.copyOf(runs);
        if (copy.isEmpty()) {
            return Set.of();
        }
        String[] ids = copy.stream().map(RunRef::taskId).toArray(String[]::new);
        Integer[] attempts = copy.stream().map(RunRef::attempt).toArray(Integer[]::new);
        List<RunRef> held = database.transaction("renew " + copy.size() + " lease(s) of owner '" + owner + "'",
                handle -> handle.createQuery(sql("""
                                UPDATE {S}.tasks t SET lease_expires_at = now() + :leaseMs * interval '1 millisecond'
                                FROM unnest(:ids, :attempts) AS r(id, attempt)
                                WHERE t.owner = :owner AND t.id = r.id AND t.attempt = r.attempt
                                  AND t.status = 'RUNNING' AND t.lease_holder = :holder
                                RETURNING t.id, t.attempt"""))
                        .bind("leaseMs", leaseMillis(lease)).bind("owner", owner).bind("holder", lease.holder())
                        .bind("ids", array("text", ids)).bind("attempts", array("integer", attempts))
                        .map((rs, ctx) -> new RunRef(rs.getString("id"), rs.getInt("attempt"))).list());
        Set<RunRef> lost = new HashSet<>(copy);
        lost.removeAll(held);
        return Set.copyOf(lost);
    }

    @Override
    public void saveProgress(List<ProgressReport> reports) {
        List<ProgressReport> copy = List.copyOf(reports);
        if (copy.isEmpty()) {
            return;
        }
        String[] ids = copy.stream().map(r -> r.run().taskId()).toArray(String[]::new);
        Integer[] attempts = copy.stream().map(r -> r.run().attempt()).toArray(Integer[]::new);
        Integer[] percents = copy.stream().map(r -> r.progress().percent()).toArray(Integer[]::new);
        String[] notes = copy.stream().map(r -> r.progress().note()).toArray(String[]::new);
        Long[] ats = copy.stream().map(r -> r.progress().reportedAt().toEpochMilli()).toArray(Long[]::new);
        database.transaction("save the progress of " + copy.size() + " run(s) of owner '" + owner + "'", handle -> {
            handle.attach(TaskControlDao.class).saveProgress(owner, array("text", ids), array("integer", attempts),
                    array("integer", percents), array("text", notes), array("bigint", ats));
            return null;
        });
    }

    // ------------------------------------------------------------------ retention and listing

    @Override
    public int purgeExpired(Instant now, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return database.transaction("delete expired tasks of owner '" + owner + "'", handle ->
                handle.attach(SweepDao.class).purgeExpired(owner, now.toEpochMilli(), limit));
    }

    @Override
    public Optional<Instant> nextExpiry() {
        Long expiry = database.read("read the next expiry of owner '" + owner + "'", handle ->
                handle.attach(SweepDao.class).nextExpiry(owner));
        return Optional.ofNullable(expiry).map(Instant::ofEpochMilli);
    }

    @Override
    public Map<TaskStatus, Long> countByStatus(String queueName) {
        Map<String, Long> byStatus = database.read("count the tasks of queue '" + queueName + "'", handle ->
                handle.attach(CountsDao.class).byStatus(owner, queueName));
        Map<TaskStatus, Long> counts = new EnumMap<>(TaskStatus.class);
        byStatus.forEach((status, n) -> counts.put(TaskStatus.valueOf(status), n));
        return Map.copyOf(counts);
    }

    @Override
    public TaskPage list(String queueName, Optional<TaskStatus> status, Optional<String> after, int limit) {
        Objects.requireNonNull(status, "status");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        long from = after.map(PgOwnerStore::parseCursor).orElse(0L);
        long upTo = (long) limit + 1;
        List<TaskListingDao.Listed> rows = database.read("list the tasks of queue '" + queueName + "'", handle -> {
            TaskListingDao listing = handle.attach(TaskListingDao.class);
            return status.isPresent() ? listing.page(owner, queueName, status.get().name(), from, upTo)
                    : listing.page(owner, queueName, from, upTo);
        });
        List<TaskRecord> page = new ArrayList<>();
        for (int i = 0; i < Math.min(limit, rows.size()); i++) {
            page.add(rows.get(i).task());
        }
        Optional<String> next = rows.size() > limit
                ? Optional.of(Long.toString(rows.get(limit - 1).seq())) : Optional.empty();
        return new TaskPage(page, next);
    }

    private static long parseCursor(String cursor) {
        try {
            long seq = Long.parseLong(cursor);
            if (seq < 0 || !Long.toString(seq).equals(cursor)) {
                throw new NumberFormatException();
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + cursor + "' is not a cursor of this store (R49)", e);
        }
    }

    // ------------------------------------------------------------------ mapping

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /** A duration in milliseconds, as large as a {@code long} allows (R33). */
    private static long millis(Duration duration) {
        try {
            return duration.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long leaseMillis(Lease lease) {
        return millis(lease.duration().compareTo(LONGEST_LEASE) > 0 ? LONGEST_LEASE : lease.duration());
    }

    /** A Java array bound as a PostgreSQL array of that element type. */
    private static Argument array(String elementType, Object[] values) {
        return (position, statement, ctx) ->
                statement.setArray(position, statement.getConnection().createArrayOf(elementType, values));
    }

    @Override
    public boolean saveSchedule(String name, String queueName, String spec, byte[] payload, Instant now) {
        return database.transaction("save schedule '" + name + "' of owner '" + owner + "'", handle ->
                handle.attach(ScheduleDao.class).save(owner, name, queueName, spec, payload, now.toEpochMilli()) == 1);
    }

    @Override
    public boolean deleteSchedule(String name) {
        return database.transaction("delete schedule '" + name + "' of owner '" + owner + "'", handle ->
                handle.attach(ScheduleDao.class).delete(owner, name) == 1);
    }

    @Override
    public Optional<dev.taskhost.core.spi.StoredSchedule> schedule(String name) {
        return database.read("read schedule '" + name + "' of owner '" + owner + "'", handle ->
                handle.attach(ScheduleDao.class).find(owner, name));
    }

    @Override
    public List<dev.taskhost.core.spi.StoredSchedule> schedules() {
        List<dev.taskhost.core.spi.StoredSchedule> all = new java.util.ArrayList<>(
                database.read("list the schedules of owner '" + owner + "'", handle ->
                        handle.attach(ScheduleDao.class).all(owner)));
        all.sort(java.util.Comparator.comparing(dev.taskhost.core.spi.StoredSchedule::name));
        return List.copyOf(all);
    }

    @Override
    public Optional<String> fire(dev.taskhost.core.spi.ScheduleFire fire) {
        dev.taskhost.core.spi.StoredSchedule read = fire.schedule();
        // The guard and the insert in one transaction (R51): the row lock the update takes makes a
        // second host's fire wait, then find the last fire moved and change nothing.
        Optional<String> fired = database.transaction("fire schedule '" + read.name() + "' of owner '" + owner
                        + "' at " + fire.at(),
                handle -> {
                    int advanced = handle.attach(ScheduleDao.class).advance(owner, read.name(), read.revision(),
                            read.lastFire().map(Instant::toEpochMilli).orElse(null), fire.at().toEpochMilli(),
                            fire.task().createdAt().toEpochMilli());
                    return advanced == 1 ? Optional.of(inserts.inTransaction(handle, owner, fire.task()))
                            : Optional.<String>empty();
                });
        if (fired.isPresent()) {
            wakeups.send(statements.note(owner, fire.task().queueName()));
        }
        return fired;
    }
}
