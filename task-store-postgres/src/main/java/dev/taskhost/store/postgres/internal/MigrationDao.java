package dev.taskhost.store.postgres.internal;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The migration runner's bookkeeping: the advisory lock, the stored version and its table. The
 * migrations' own statements are in {@link Schema}. Each method names the quoted schema it works on.
 */
interface MigrationDao {

    /** Takes the transaction's advisory lock of that name: hosts starting at once migrate once. */
    @SqlQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))) AS locked")
    int lock(@Bind("name") String name);

    /** Whether the schema has its version table, that is, the store's tables. */
    @SqlQuery("SELECT to_regclass(:table) IS NOT NULL")
    boolean hasVersionTable(@Bind("table") String table);

    /** @return the newest version applied, or null if none is */
    @SqlQuery("SELECT max(version) FROM <schema>.schema_version")
    Integer version(@Define("schema") String quotedSchema);

    /** Whether a schema of that (unquoted) name exists, which needs no right on the database. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :name)")
    boolean schemaExists(@Bind("name") String name);

    @SqlUpdate("CREATE SCHEMA IF NOT EXISTS <schema>")
    void createSchema(@Define("schema") String quotedSchema);

    @SqlUpdate("CREATE TABLE IF NOT EXISTS <schema>.schema_version ("
            + "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
    void createVersionTable(@Define("schema") String quotedSchema);

    @SqlUpdate("INSERT INTO <schema>.schema_version (version) VALUES (:version)")
    void applied(@Define("schema") String quotedSchema, @Bind("version") int version);
}
