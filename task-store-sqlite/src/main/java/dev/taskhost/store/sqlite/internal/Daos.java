package dev.taskhost.store.sqlite.internal;

import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.StoredSchedule;
import dev.taskhost.core.spi.TaskRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.extension.ExtensionFactory;
import org.jdbi.v3.core.extension.Extensions;
import org.jdbi.v3.sqlobject.SqlObjectFactory;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * Opens the handles of the owners' connections, all from one {@link Jdbi} that holds what the
 * store's SqlObject DAOs share: the plugin, the row mappers and the DAOs' metadata, built once for
 * every owner's database. Work attaches a DAO to the handle it is given ({@code handle.attach}), so
 * the DAO's statements run in that work's transaction and through the connection's
 * {@link CachedStatements}, which are thrown away after a failure like every other (R31). A DAO is
 * attached per call and kept by nothing: attached once per connection, it would hold a copy of the
 * configuration per method, some kilobytes per owner for statements that run seldom.
 *
 * <p>The statements every task runs through stay plain JDBC in {@link TaskStatements}: see the
 * README's "Storage". Thread-safe.
 */
final class Daos {

    /** Every DAO of the store. */
    static final List<Class<?>> ALL = List.of(QueueDao.class, TaskListingDao.class, CountsDao.class,
            SweepDao.class, ScheduleDao.class, TaskControlDao.class, MigrationDao.class);

    /** The connection that {@link #open} hands to the Jdbi on this thread. */
    private static final ThreadLocal<Connection> OPENING = new ThreadLocal<>();

    private static final Jdbi JDBI = configure(Jdbi.create(() -> {
        Connection connection = OPENING.get();
        if (connection == null) {
            throw new SQLException("no connection to open a handle on: open it with Daos.open");
        }
        return connection;
    }));

    private Daos() {
    }

    /**
     * A handle on the connection, which closing the handle closes; configured for the DAOs.
     */
    static Handle open(Connection connection) {
        OPENING.set(connection);
        try {
            return JDBI.open();
        } finally {
            OPENING.remove();
        }
    }

    private static Jdbi configure(Jdbi jdbi) {
        jdbi.installPlugin(new SqlObjectPlugin());
        jdbi.registerRowMapper(TaskRecord.class, (row, context) -> Rows.task(row));
        jdbi.registerRowMapper(StoredQueue.class, (row, context) -> Rows.storedQueue(row));
        jdbi.registerRowMapper(StoredSchedule.class, (row, context) -> ScheduleStatements.schedule(row));
        jdbi.registerRowMapper(TaskListingDao.Listed.class,
                (row, context) -> new TaskListingDao.Listed(row.getLong("seq"), Rows.task(row)));
        // Payloads are NOT NULL: the driver reads an empty blob as null.
        jdbi.registerColumnMapper(byte[].class, (row, column, context) -> {
            byte[] bytes = row.getBytes(column);
            return bytes == null ? new byte[0] : bytes;
        });
        // Each handle takes a copy of this configuration: metadata built on a handle would be built
        // again on the next one, so it is built here, once.
        Extensions extensions = jdbi.getConfig(Extensions.class);
        ExtensionFactory factory = extensions.findFactory(SqlObjectFactory.class).orElseThrow();
        ALL.forEach(dao -> extensions.findMetadata(dao, factory));
        return jdbi;
    }
}
