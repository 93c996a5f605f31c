package dev.taskhost.store.postgres.internal;

import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.StoredSchedule;
import dev.taskhost.core.spi.TaskRecord;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * What the store's SqlObject DAOs share, set once on the store's {@link Jdbi}: the plugin, the
 * quoted schema as the {@code <schema>} attribute of their SQL, and the row mappers. A DAO is
 * attached to the handle of the call ({@code handle.attach}), so its statements run in that call's
 * transaction and fail as every other statement of the store does (R23, R40).
 *
 * <p>The statements that every task runs through (insert, claim, outcomes, lease renewal,
 * wake-ups) stay hand-written in {@link PgOwnerStore}: see the README's "Running on PostgreSQL".
 */
final class Daos {

    /** Every DAO of the store; their metadata is built once here, not on each call's handle. */
    static final List<Class<?>> ALL = List.of(QueueDao.class, TaskListingDao.class, CountsDao.class,
            SweepDao.class, ScheduleDao.class, TaskControlDao.class, MigrationDao.class);

    private Daos() {
    }

    /** Installs the DAOs' plugin, schema attribute and row mappers on {@code jdbi}. */
    static Jdbi configure(Jdbi jdbi, String quotedSchema) {
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.define("schema", quotedSchema);
        jdbi.registerRowMapper(TaskRecord.class, (rs, ctx) -> Rows.taskRecord(rs));
        jdbi.registerRowMapper(StoredQueue.class, (rs, ctx) -> Rows.storedQueue(rs));
        jdbi.registerRowMapper(StoredSchedule.class, (rs, ctx) -> Rows.storedSchedule(rs));
        jdbi.registerRowMapper(TaskListingDao.Listed.class,
                (rs, ctx) -> new TaskListingDao.Listed(Rows.taskRecord(rs), rs.getLong("seq")));
        jdbi.registerRowMapper(TaskControlDao.Locked.class,
                (rs, ctx) -> new TaskControlDao.Locked(rs.getString("status"), rs.getString("queue")));
        // Each call's handle takes a copy of this configuration: metadata built on a handle would
        // be built again on the next one, so it is built here, once.
        Extensions extensions = jdbi.getConfig(Extensions.class);
        ExtensionFactory factory = extensions.findFactory(SqlObjectFactory.class).orElseThrow();
        ALL.forEach(dao -> extensions.findMetadata(dao, factory));
        return jdbi;
    }
}
