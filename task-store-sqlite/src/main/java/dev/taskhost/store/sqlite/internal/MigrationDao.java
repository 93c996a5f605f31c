package dev.taskhost.store.sqlite.internal;

import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The migration runner's bookkeeping: the schema version and the mark of a taskhost database. The
 * migrations' own statements are in {@link Schema}.
 */
interface MigrationDao {

    @SqlQuery("PRAGMA user_version")
    int userVersion();

    @SqlQuery("PRAGMA application_id")
    int applicationId();

    /** How many tables, indexes and other schema objects the database holds. */
    @SqlQuery("SELECT count(*) FROM sqlite_schema")
    int schemaObjects();

    /** PRAGMA takes no bound parameters: the version is written into the statement. */
    @SqlUpdate("PRAGMA user_version = <version>")
    void setUserVersion(@Define("version") int version);

    @SqlUpdate("PRAGMA application_id = <id>")
    void setApplicationId(@Define("id") int applicationId);
}
