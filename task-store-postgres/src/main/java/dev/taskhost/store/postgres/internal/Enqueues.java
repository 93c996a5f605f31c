package dev.taskhost.store.postgres.internal;

import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.NewTask;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of enqueues: the enqueues that arrive while earlier ones are being written are
 * inserted together by one of their callers, in one statement and one flushed commit, and each caller
 * returns once that commit is done (R9). A commit costs a flush whatever it holds, so concurrent
 * enqueues share them rather than queueing for their own.
 *
 * <p>At most {@link #WRITERS} statements are in flight, so that the next batch gathers meanwhile. If a
 * statement of several tasks fails, each of them is written again alone by its own caller, so one bad
 * task fails only its own enqueue (R32); an id already stored is found there, so a statement that did
 * commit before failing stores nothing twice.
 */
final class Enqueues {
    /**
     * Statements in flight at once. One gathers the most tasks per commit: everything that arrives
     * during a flush goes into the next statement.
     */
    static final int WRITERS = 1;
    /** The most tasks one statement inserts. */
    static final int MOST_TASKS = 64;
    /** The most payload bytes one statement carries: beyond it, tasks wait for the next statement. */
    static final int MOST_BYTES = 1 << 20;

    private final Database database;
    private final TaskInserts inserts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition written = lock.newCondition();
    private final ArrayDeque<Enqueue> queued = new ArrayDeque<>();
    private int writing;

    Enqueues(Database database, TaskInserts inserts) {
        this.database = database;
        this.inserts = inserts;
    }

    /**
     * Stores the task, or finds the task that holds its key (R43), once committed; returns that id.
     *
     * @throws TaskStoreException if the task could not be stored
     */
    String insert(String owner, NewTask task) {
        Enqueue mine = new Enqueue(owner, task);
        lock.lock();
        try {
            queued.add(mine);
            while (mine.state == State.QUEUED || mine.state == State.WRITING) {
                if (writing < WRITERS && !queued.isEmpty()) {
                    writeNext();
                } else {
                    // The commit is under way either way: an interrupt must not make it look abandoned.
                    written.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        return switch (mine.state) {
            case STORED -> mine.id;
            case FAILED -> throw mine.failure;
            default -> writeAlone(mine);
        };
    }

    /** Tasks queued and not yet taken into a statement. */
    int queued() {
        lock.lock();
        try {
            return queued.size();
        } finally {
            lock.unlock();
        }
    }

    /** Takes what is queued into one statement and writes it, the lock released meanwhile. */
    private void writeNext() {
        List<Enqueue> batch = new ArrayList<>();
        long bytes = 0;
        while (!queued.isEmpty() && batch.size() < MOST_TASKS
                && (batch.isEmpty() || bytes + queued.peek().task.payload().length <= MOST_BYTES)) {
            Enqueue next = queued.poll();
            next.state = State.WRITING;
            bytes += next.task.payload().length;
            batch.add(next);
        }
        writing++;
        lock.unlock();
        try {
            write(batch);
        } finally {
            lock.lock();
            writing--;
            for (Enqueue e : batch) {
                if (e.state == State.WRITING) {
                    e.state = State.ALONE;
                }
            }
            written.signalAll();
        }
    }

    private void write(List<Enqueue> batch) {
        if (batch.size() == 1) {
            Enqueue only = batch.get(0);
            try {
                only.id = writeAlone(only);
                only.state = State.STORED;
            } catch (TaskStoreException e) {
                only.failure = e;
                only.state = State.FAILED;
            }
            return;
        }
        List<String> ids;
        try {
            ids = database.write("enqueue " + batch.size() + " tasks together",
                    handle -> inserts.together(handle, batch.stream().map(e -> e.owner).toList(),
                            batch.stream().map(e -> e.task).toList()));
        } catch (TaskStoreException e) {
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).id = ids.get(i);
            batch.get(i).state = State.STORED;
        }
    }

    private String writeAlone(Enqueue e) {
        return database.write("enqueue into queue '" + e.task.queueName() + "' of owner '" + e.owner + "'",
                handle -> inserts.one(handle, e.owner, e.task));
    }

    private enum State { QUEUED, WRITING, STORED, FAILED, ALONE }

    /** One caller's task; its fields are guarded by the lock. */
    private static final class Enqueue {
        final String owner;
        final NewTask task;
        State state = State.QUEUED;
        String id;
        TaskStoreException failure;

        Enqueue(String owner, NewTask task) {
            this.owner = owner;
            this.task = task;
        }
    }
}
