package dev.taskhost.store.postgres.internal;

import dev.taskhost.core.spi.ReadyListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens for other hosts' wake-ups (R39) on a connection of its own, on a daemon thread. A burst of
 * notifications is passed on once per queue. When the connection breaks it reconnects by itself,
 * waiting a little longer each time up to a few seconds (R40), and then wakes every queue that has
 * pending tasks, as notifications sent meanwhile were lost.
 */
final class ReadyChannel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadyChannel.class);
    private static final int POLL_MILLIS = 250;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    /** Opens a connection to listen on. */
    @FunctionalInterface
    interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final ConnectionSource source;
    private final String channel;
    private final String instance;
    private final ReadyListener listener;
    private final Statements statements;
    private final String where;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection current;
    /** Counted down once the first LISTEN is in place, or the channel closed. */
    private final CountDownLatch listening = new CountDownLatch(1);

    private ReadyChannel(ConnectionSource source, String channel, String instance, ReadyListener listener,
                         Statements statements, String where) {
        this.source = source;
        this.channel = channel;
        this.instance = instance;
        this.listener = listener;
        this.statements = statements;
        this.where = where;
        this.thread = new Thread(this::run, "taskhost-postgres-listen");
        this.thread.setDaemon(true);
    }

    static ReadyChannel start(ConnectionSource source, String channel, String instance, ReadyListener listener,
                              Statements statements, String where) {
        ReadyChannel ready = new ReadyChannel(source, channel, instance, listener, statements, where);
        ready.thread.start();
        // A host built and then woken at once must not lose that wake-up to a LISTEN not yet sent
        // (R39); a server that cannot be reached only delays the host by the connect timeout (R40).
        try {
            if (!ready.listening.await(PgTaskStore.CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("{}: not yet listening for wake-ups; the poll stands in until the listener connects", where);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ready;
    }

    private void run() {
        long backoff = 50;
        boolean reconnect = false;
        while (!closed) {
            try (Connection connection = source.open()) {
                current = connection;
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN \"" + channel + "\"");
                }
                listening.countDown();
                if (reconnect) {
                    LOG.info("{}: listening for wake-ups again", where);
                    wakeEveryPendingQueue(connection);
                }
                backoff = 50;
                reconnect = true;
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null && notifications.length > 0) {
                        pass(notifications);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("{}: the connection that listens for wake-ups failed ({}); reconnecting in {} ms",
                        where, Database.rootMessage(e), backoff);
                reconnect = true;
                try {
                    TimeUnit.MILLISECONDS.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
            } finally {
                current = null;
            }
        }
    }

    /** Passes each queue named in the burst on once, skipping this store's own notifications. */
    private void pass(PGNotification[] notifications) {
        Set<Map.Entry<String, String>> queues = new LinkedHashSet<>();
        for (PGNotification notification : notifications) {
            String note = notification.getParameter();
            int space = note.indexOf(' ');
            int slash = note.indexOf('/', space + 1);
            if (space < 0 || slash < 0 || note.substring(0, space).equals(instance)) {
                continue;
            }
            queues.add(Map.entry(note.substring(space + 1, slash), note.substring(slash + 1)));
        }
        queues.forEach(this::tell);
    }

    private void wakeEveryPendingQueue(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(statements.sql(
                     "SELECT DISTINCT owner, queue FROM {S}.tasks WHERE status = 'PENDING'"))) {
            while (rows.next()) {
                tell(Map.entry(rows.getString(1), rows.getString(2)));
            }
        }
    }

    private void tell(Map.Entry<String, String> queue) {
        try {
            listener.ready(queue.getKey(), queue.getValue());
        } catch (RuntimeException e) {
            LOG.warn("{}: the ready listener failed for owner '{}' queue '{}'", where, queue.getKey(),
                    queue.getValue(), e);
        }
    }

    /** Stops listening and closes the connection; waits briefly for the thread. */
    @Override
    public void close() {
        closed = true;
        listening.countDown();
        Connection connection = current;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("{}: closing the listening connection: {}", where, e.getMessage());
            }
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
