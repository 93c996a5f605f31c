package dev.taskhost.store.postgres.internal;

import dev.taskhost.api.TaskStoreException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's tables, and the migrations that bring a schema to {@link #VERSION}. Each migration
 * runs in the one transaction that holds an advisory lock named after the schema, so hosts starting
 * at once migrate it once; a schema newer than this code is refused and left untouched (R23).
 *
 * <p>Host-given times are stored as epoch milliseconds ({@code bigint}); lease expiry alone is a
 * {@code timestamptz} stamped on the database's clock (R37).
 */
final class Schema {
    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    /** The version this code reads and writes. */
    static final int VERSION = 4;

    /** Migration {@code i} brings a schema from version {@code i} to {@code i + 1}. {S} is the quoted schema. */
    private static final List<List<String>> MIGRATIONS = List.of(List.of(
            """
            CREATE TABLE {S}.queues (
                owner        text    NOT NULL,
                name         text    NOT NULL,
                concurrency  integer NOT NULL,
                max_retries  integer NOT NULL,
                backoff      text    NOT NULL,
                delay        text    NOT NULL,
                retention    text    NOT NULL,
                retention_ms bigint  NOT NULL,
                timeout      text    NOT NULL,
                paused       boolean NOT NULL DEFAULT false,
                last_start   bigint,
                running      integer NOT NULL DEFAULT 0 CHECK (running >= 0),
                created_at   bigint  NOT NULL,
                updated_at   bigint  NOT NULL,
                PRIMARY KEY (owner, name)
            )""",
            """
            CREATE TABLE {S}.tasks (
                id               text    PRIMARY KEY,
                seq              bigint  GENERATED ALWAYS AS IDENTITY UNIQUE,
                owner            text    NOT NULL,
                queue            text    NOT NULL,
                status           text    NOT NULL
                    CHECK (status IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
                payload          bytea   NOT NULL,
                message          text    NOT NULL DEFAULT '',
                attempt          integer NOT NULL DEFAULT 0,
                priority         integer NOT NULL DEFAULT 0,
                task_key         text,
                created_at       bigint  NOT NULL,
                updated_at       bigint  NOT NULL,
                ready_at         bigint  NOT NULL,
                ended_at         bigint,
                lease_holder     text,
                lease_expires_at timestamptz,
                progress_percent integer,
                progress_note    text,
                progress_at      bigint
            )""",
            // The claim's range scan: a queue's pending tasks in start order (R42, R11).
            "CREATE INDEX tasks_ready ON {S}.tasks (owner, queue, priority DESC, ready_at, seq) "
                    + "WHERE status = 'PENDING'",
            "CREATE INDEX tasks_running ON {S}.tasks (owner, queue, lease_expires_at) WHERE status = 'RUNNING'",
            "CREATE INDEX tasks_listing ON {S}.tasks (owner, queue, status, seq)",
            "CREATE INDEX tasks_ended ON {S}.tasks (owner, ended_at) WHERE ended_at IS NOT NULL",
            // R43: one unfinished task per key and queue, decided by the database, whatever the hosts.
            "CREATE UNIQUE INDEX tasks_key ON {S}.tasks (owner, queue, task_key) "
                    + "WHERE task_key IS NOT NULL AND status IN ('PENDING', 'RUNNING')"),
            // Version 2: schedules beside the queues (R50 to R52); a fire sets last_fire_at in the
            // transaction that inserts its task (R51).
            List.of(
            """
            CREATE TABLE {S}.schedules (
                owner        text   NOT NULL,
                name         text   NOT NULL,
                queue        text   NOT NULL,
                spec         text   NOT NULL,
                payload      bytea  NOT NULL,
                anchor_at    bigint NOT NULL,
                last_fire_at bigint,
                revision     bigint NOT NULL,
                updated_at   bigint NOT NULL,
                PRIMARY KEY (owner, name),
                FOREIGN KEY (owner, queue) REFERENCES {S}.queues (owner, name)
            )"""),
            // Version 3: the hosts' heartbeats, for operators: one row per live host, replaced by each
            // beat (so one row written per host and poll, whatever it runs). Liveness is judged on the
            // database's clock; queue i of a host is owners[i]/queues[i], running running[i] tasks, and
            // activity holds its non-zero minutes as (i, epoch minute, starts, completions, failures).
            List.of(
            """
            CREATE TABLE {S}.hosts (
                id            text        PRIMARY KEY,
                name          text        NOT NULL,
                pid           bigint      NOT NULL,
                started_at    bigint      NOT NULL,
                last_seen     timestamptz NOT NULL,
                expires_at    timestamptz NOT NULL,
                owners        text[]      NOT NULL,
                queues        text[]      NOT NULL,
                running       integer[]   NOT NULL,
                activity_from bigint      NOT NULL,
                activity_minutes integer  NOT NULL,
                activity      bigint[]    NOT NULL
            )"""),
            // Version 4: seq loses its unique index. The identity's sequence gives each row its own
            // value, and no statement looks a task up by seq alone (pages and claims read it through
            // the listing and ready indexes), so an enqueue writes three index entries, not four.
            List.of("ALTER TABLE {S}.tasks DROP CONSTRAINT tasks_seq_key"));

    private Schema() {
    }

    /** The schema name quoted for SQL. */
    static String quoted(String schema) {
        return '"' + schema + '"';
    }

    /** The version stored in the schema, if it holds the store's tables. */
    static Optional<Integer> storedVersion(Handle handle, String schema) {
        MigrationDao migrations = handle.attach(MigrationDao.class);
        if (!migrations.hasVersionTable(quoted(schema) + ".schema_version")) {
            return Optional.empty();
        }
        return Optional.ofNullable(migrations.version(quoted(schema)));
    }

    /**
     * Brings the schema to {@link #VERSION} in the handle's transaction, creating it when absent.
     *
     * @throws TaskStoreException if the stored version is newer than this code's; nothing is changed
     */
    static void migrate(Handle handle, String schema, String where) {
        MigrationDao migrations = handle.attach(MigrationDao.class);
        migrations.lock("taskhost schema " + schema);
        String s = quoted(schema);
        int stored = storedVersion(handle, schema).orElse(0);
        if (stored > VERSION) {
            throw new TaskStoreException(where + ": the schema is at version " + stored
                    + ", newer than this code's " + VERSION + "; it is left untouched (R23)");
        }
        if (stored == VERSION) {
            return;
        }
        // CREATE SCHEMA IF NOT EXISTS needs the CREATE right on the database even when the schema
        // exists, which a role given only its own schema lacks.
        if (!migrations.schemaExists(schema)) {
            migrations.createSchema(s);
        }
        migrations.createVersionTable(s);
        for (int version = stored; version < VERSION; version++) {
            for (String statement : MIGRATIONS.get(version)) {
                handle.execute(statement.replace("{S}", s));
            }
            migrations.applied(s, version + 1);
            LOG.info("{}: schema migrated to version {}", where, version + 1);
        }
    }
}
