package dev.taskhost.store.sqlite.internal;

import dev.taskhost.api.TaskStoreException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The owner database's tables, versioned with {@code PRAGMA user_version} and marked as this
 * store's with {@code PRAGMA application_id}. Times are epoch milliseconds, durations milliseconds.
 */
final class Schema {

    /** The newest schema version this code knows; a newer database is refused (R23). */
    static final int VERSION = 5;
    /** {@code "TSKH"}: marks a database as a taskhost store. */
    static final int APPLICATION_ID = 0x54534b48;
    /**
     * The index that makes "next ready task of a queue" a range scan: per priority level, the ready
     * tasks in ready time, then enqueue order (R11, R42). Since version 4 it holds pending tasks
     * only ({@link #PENDING}): a claim takes a task out of it, and an outcome that ends a run leaves
     * it untouched.
     */
    static final String READY_INDEX = "tasks_by_ready";
    /** The index that lists a queue's tasks of one status in enqueue order (R49). */
    static final String STATUS_INDEX = "tasks_by_status";
    /** The unique partial index that lets one unfinished task of a queue hold a key (R43). */
    static final String KEY_INDEX = "tasks_by_key";
    /**
     * The condition of {@link #READY_INDEX}; a statement that is to use the index says it in these
     * words, for SQLite to see that the index covers it.
     */
    static final String PENDING = "status = 'PENDING'";
    /** What makes a task unfinished, as {@link #KEY_INDEX} and the statements that use it say it. */
    static final String UNFINISHED = "status IN ('PENDING', 'RUNNING')";

    /**
     * The one-row table that holds the highest seq a deleted task may have had (version 5): a new
     * task's seq is above it, so that no seq is used twice (R49).
     */
    static final String SEQ_FLOOR = "seq_floor";
    /**
     * The seq of the next task: above every stored task's and above every deleted one's. Both are
     * one seek (the table's last rowid, and the floor's one row).
     */
    static final String NEXT_SEQ = "max((SELECT coalesce(max(seq), 0) FROM tasks), (SELECT seq FROM "
            + SEQ_FLOOR + ")) + 1";
    /** Keeps the floor at or above every seq stored; run before a delete of tasks, in its transaction. */
    static final String RAISE_SEQ_FLOOR = "UPDATE " + SEQ_FLOOR
            + " SET seq = max(seq, (SELECT coalesce(max(seq), 0) FROM tasks))";

    /** The tasks table's columns, in order, since version 2. */
    private static final String TASK_COLUMNS = "seq, id, queue, status, payload, message, attempt, created_at, "
            + "updated_at, ready_at, finished_at, priority, key, lease_holder, progress_percent, progress_note, "
            + "progress_at";

    /** The tasks table as version 2 made it (as {@code tasks_v2}, then renamed). */
    private static final String TASKS_V2 = """
            CREATE TABLE tasks_v2 (
                seq              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
                id               TEXT    NOT NULL UNIQUE,
                queue            TEXT    NOT NULL REFERENCES queues (name),
                status           TEXT    NOT NULL
                                 CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
                payload          BLOB    NOT NULL,
                message          TEXT    NOT NULL,
                attempt          INTEGER NOT NULL,
                created_at       INTEGER NOT NULL,
                updated_at       INTEGER NOT NULL,
                ready_at         INTEGER NOT NULL,
                finished_at      INTEGER,
                priority         INTEGER NOT NULL DEFAULT 0,
                key              TEXT,
                lease_holder     TEXT,
                progress_percent INTEGER CHECK (progress_percent BETWEEN 0 AND 100),
                progress_note    TEXT,
                progress_at      INTEGER,
                CHECK ((finished_at IS NULL) = (status IN ('PENDING', 'RUNNING'))),
                CHECK (lease_holder IS NULL OR status = 'RUNNING'),
                CHECK ((progress_at IS NULL) = (progress_percent IS NULL)
                       AND (progress_at IS NULL) = (progress_note IS NULL))
            )""";

    /** The tasks table since version 5: version 2's without AUTOINCREMENT, made as {@code tasks_v5}. */
    private static final String TASKS_V5 = TASKS_V2.replace("tasks_v2", "tasks_v5").replace(" AUTOINCREMENT", "");

    /** {@code MIGRATIONS.get(v)} takes a database from version {@code v} to {@code v + 1}. */
    private static final List<List<String>> MIGRATIONS = List.of(
            // Version 1: queues and tasks.
            List.of(
            """
            CREATE TABLE queues (
                name         TEXT    NOT NULL PRIMARY KEY,
                concurrency  INTEGER NOT NULL,
                max_retries  INTEGER NOT NULL,
                backoff_ms   INTEGER NOT NULL,
                delay_ms     INTEGER NOT NULL,
                retention_ms INTEGER NOT NULL,
                timeout_ms   INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            )""",
            // seq is the rowid: it grows with each insert, so it is the enqueue order (R11).
            """
            CREATE TABLE tasks (
                seq         INTEGER NOT NULL PRIMARY KEY,
                id          TEXT    NOT NULL UNIQUE,
                queue       TEXT    NOT NULL REFERENCES queues (name),
                status      TEXT    NOT NULL
                            CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
                payload     BLOB    NOT NULL,
                message     TEXT    NOT NULL,
                attempt     INTEGER NOT NULL,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                ready_at    INTEGER NOT NULL,
                finished_at INTEGER,
                CHECK ((finished_at IS NULL) = (status IN ('PENDING', 'RUNNING')))
            )""",
            "CREATE INDEX " + READY_INDEX + " ON tasks (queue, status, ready_at, seq)",
            "CREATE INDEX tasks_by_finish ON tasks (queue, finished_at) WHERE finished_at IS NOT NULL"),
            // Version 2: pause and last start per queue (R36, R44); priority (R42), key (R43), lease
            // holder (R37, R38) and progress (R48) per task. The tasks table is rebuilt, since SQLite
            // cannot add AUTOINCREMENT to a table: without it, a new task may take the seq of the
            // newest deleted one, and land behind a list cursor made before (R49).
            List.of(
            "ALTER TABLE queues ADD COLUMN paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))",
            "ALTER TABLE queues ADD COLUMN last_start_at INTEGER",
            TASKS_V2,
            """
            INSERT INTO tasks_v2 (seq, id, queue, status, payload, message, attempt, created_at, updated_at,
                                  ready_at, finished_at)
            SELECT seq, id, queue, status, payload, message, attempt, created_at, updated_at, ready_at, finished_at
              FROM tasks ORDER BY seq""",
            "DROP TABLE tasks",
            "ALTER TABLE tasks_v2 RENAME TO tasks",
            "CREATE INDEX " + READY_INDEX + " ON tasks (queue, status, priority, ready_at, seq)",
            "CREATE INDEX tasks_by_finish ON tasks (queue, finished_at) WHERE finished_at IS NOT NULL",
            "CREATE INDEX " + STATUS_INDEX + " ON tasks (queue, status, seq)",
            "CREATE UNIQUE INDEX " + KEY_INDEX + " ON tasks (queue, key) WHERE key IS NOT NULL AND " + UNFINISHED),
            // Version 3: schedules beside the queues (R50 to R52). last_fire_at is the fire time of
            // the last task enqueued; a fire sets it in the transaction that inserts its task (R51).
            List.of(
            """
            CREATE TABLE schedules (
                name         TEXT    NOT NULL PRIMARY KEY,
                queue        TEXT    NOT NULL REFERENCES queues (name),
                spec         TEXT    NOT NULL,
                payload      BLOB    NOT NULL,
                anchor_at    INTEGER NOT NULL,
                last_fire_at INTEGER,
                revision     INTEGER NOT NULL,
                updated_at   INTEGER NOT NULL
            )"""),
            // Version 4: the ready index holds pending tasks only, without their status. In version 3
            // every change of status moved the task's entry in it, so a run cost four entry writes
            // there (claim and outcome, each a delete and an insert); now it costs one delete, and an
            // outcome that ends the run does not touch the index at all.
            List.of(
            "DROP INDEX " + READY_INDEX,
            "CREATE INDEX " + READY_INDEX + " ON tasks (queue, priority, ready_at, seq) WHERE " + PENDING),
            // Version 5: seq without AUTOINCREMENT, which made every insert read and rewrite the
            // counter's row in sqlite_sequence (a third of an enqueue's cost). A seq is still never
            // used twice (R49): before a purge deletes tasks, seq_floor keeps the highest seq stored,
            // and an insert takes the next seq above both it and every stored one (NEXT_SEQ).
            List.of(
            "CREATE TABLE " + SEQ_FLOOR + " (seq INTEGER NOT NULL)",
            "INSERT INTO " + SEQ_FLOOR + " SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'tasks'), 0)",
            TASKS_V5,
            "INSERT INTO tasks_v5 (" + TASK_COLUMNS + ") SELECT " + TASK_COLUMNS + " FROM tasks ORDER BY seq",
            "DROP TABLE tasks",
            "ALTER TABLE tasks_v5 RENAME TO tasks",
            "CREATE INDEX " + READY_INDEX + " ON tasks (queue, priority, ready_at, seq) WHERE " + PENDING,
            "CREATE INDEX tasks_by_finish ON tasks (queue, finished_at) WHERE finished_at IS NOT NULL",
            "CREATE INDEX " + STATUS_INDEX + " ON tasks (queue, status, seq)",
            "CREATE UNIQUE INDEX " + KEY_INDEX + " ON tasks (queue, key) WHERE key IS NOT NULL AND " + UNFINISHED));

    static {
        if (MIGRATIONS.size() != VERSION) {
            throw new AssertionError("one migration per schema version");
        }
    }

    private Schema() {
    }

    /**
     * Refuses a database this code must not change: one of another application, or one whose schema
     * is newer than {@link #VERSION}.
     *
     * @param where the database, as error messages name it
     * @throws TaskStoreException if the database is refused
     */
    static void requireKnown(int userVersion, int applicationId, String where) {
        if (applicationId != 0 && applicationId != APPLICATION_ID) {
            throw new TaskStoreException(where + " belongs to another application (application_id 0x"
                    + Integer.toHexString(applicationId) + "); it was left untouched (R23)");
        }
        if (userVersion > VERSION || userVersion < 0) {
            throw new TaskStoreException(where + " has schema version " + userVersion
                    + ", newer than version " + VERSION + " that this taskhost knows; it was left "
                    + "untouched. Use a newer taskhost to open it (R23)");
        }
    }

    /**
     * Checks a database through SQLite, without writing to it: the header check does not see a
     * change still in the write-ahead log, nor tables of another application in a version-0 file.
     *
     * @throws TaskStoreException if the database is refused
     */
    static void requireKnown(Handle handle, String where) {
        MigrationDao migrations = handle.attach(MigrationDao.class);
        int userVersion = migrations.userVersion();
        requireKnown(userVersion, migrations.applicationId(), where);
        if (userVersion == 0) {
            int objects = migrations.schemaObjects();
            if (objects > 0) {
                throw new TaskStoreException(where + " holds tables of another application (schema "
                        + "version 0 with " + objects + " schema objects); it was left untouched (R23)");
            }
        }
    }

    /**
     * Brings the database to {@link #VERSION}. Call it inside a write transaction, so that the
     * checks and the steps are one atomic change and two processes cannot migrate at once.
     *
     * @return the version the database had
     * @throws TaskStoreException if the database is refused
     */
    static int migrate(Handle handle, String where) {
        requireKnown(handle, where);
        MigrationDao migrations = handle.attach(MigrationDao.class);
        int from = migrations.userVersion();
        migrate(handle, from, VERSION);
        if (from < VERSION) {
            migrations.setUserVersion(VERSION);
            migrations.setApplicationId(APPLICATION_ID);
        }
        return from;
    }

    /**
     * Runs the migrations that take a database from version {@code from} to {@code to}, and nothing
     * else: no check, no version written. Tests build a real older database with it.
     */
    static void migrate(Handle handle, int from, int to) {
        for (int version = from; version < to; version++) {
            for (String statement : MIGRATIONS.get(version)) {
                handle.execute(statement);
            }
        }
    }
}
