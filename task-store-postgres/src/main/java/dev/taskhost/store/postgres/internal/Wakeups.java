package dev.taskhost.store.postgres.internal;

import dev.taskhost.api.TaskStoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wake-ups of enqueues (R39), sent after the enqueue's commit rather than inside it: a
 * {@code NOTIFY} in a transaction takes the server's one notification-queue lock at commit and holds
 * it until the commit is flushed, so every enqueue that notified waited for every other one's flush.
 * Here enqueues commit without it, and one thread sends the notes that gathered meanwhile, each note
 * once, in one statement: a burst of enqueues into a queue is one notification, and no enqueue waits
 * for another's.
 *
 * <p>Sends are at least {@link #GAP_NANOS} apart: the first note after a quiet spell goes at once, and
 * the notes of a steady stream of enqueues gather for that long, so a stream costs one statement per
 * gap rather than one per enqueue, and a note waits at most that long.
 *
 * <p>A host that dies between an enqueue's commit and its wake-up leaves it to the other hosts' poll,
 * as a lost notification on a dropped listening connection does.
 */
final class Wakeups {
    private static final Logger LOG = LoggerFactory.getLogger(Wakeups.class);

    private final Database database;
    private final Statements statements;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** The least time between two sends. */
    static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final ScheduledExecutorService sender;
    /** When the last send began, in {@link System#nanoTime()}; touched on the sender thread and read in send. */
    private volatile long lastSend = System.nanoTime() - GAP_NANOS;

    Wakeups(Database database, Statements statements) {
        this.database = database;
        this.statements = statements;
        this.sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "taskhost-pg-wakeups");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Sends {@code note} soon, with any others that gather before the send. */
    void send(String note) {
        pending.add(note);
        if (flushQueued.compareAndSet(false, true)) {
            try {
                long wait = lastSend + GAP_NANOS - System.nanoTime();
                sender.schedule(this::flush, Math.max(0, wait), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException closed) {
                flushQueued.set(false);
            }
        }
    }

    private void flush() {
        flushQueued.set(false);
        List<String> notes = new ArrayList<>();
        for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
            notes.add(it.next());
            it.remove();
        }
        if (notes.isEmpty()) {
            return;
        }
        lastSend = System.nanoTime();
        try {
            // One statement in auto-commit, one round trip: a transaction that only notifies writes no
            // WAL, so its commit waits for no flush and holds the notification lock only briefly.
            database.write("wake the hosts", handle -> handle.createQuery(
                            "SELECT pg_notify(:channel, note) FROM unnest(:notes) AS note")
                    .bind("channel", statements.channel())
                    .bind("notes", (position, statement, ctx) -> statement.setArray(position,
                            statement.getConnection().createArrayOf("text", notes.toArray())))
                    .map((rs, ctx) -> Boolean.TRUE).list());
        } catch (TaskStoreException e) {
            // The other hosts' poll finds the tasks.
            LOG.debug("{}", e.getMessage(), e);
        }
    }

    /**
     * Sends what is queued, waiting up to a second for it, then stops: the statement in flight is not
     * interrupted (that would break its pooled connection).
     */
    void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(1, TimeUnit.SECONDS)) {
                sender.shutdownNow();
            }
        } catch (InterruptedException e) {
            sender.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
