package dev.taskhost.core;

import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import dev.taskhost.core.internal.Engine;
import dev.taskhost.core.internal.StoreDiscovery;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs owners' task queues over a store. Build one per application with {@link #builder()}, hand
 * each owner its {@link TaskService}, and {@link #close()} it on the way out. Thread-safe.
 */
public final class TaskHost implements AutoCloseable {
    private final Engine engine;

    private TaskHost(Engine engine) {
        this.engine = engine;
    }

    /** A builder with the defaults: the store found by {@link java.util.ServiceLoader}, the system clock. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The task service of {@code owner}. Every call for the same owner shares one concurrency
     * budget of {@code maxConcurrency}, fixed by the first call (R4).
     *
     * @throws IllegalArgumentException if the owner id breaks R3 or {@code maxConcurrency < 1}
     * @throws IllegalStateException after {@link #close()}
     * @throws dev.taskhost.api.TaskStoreException if the owner's store cannot be opened (R23)
     */
    public TaskService service(String owner, int maxConcurrency, TaskWorker worker) {
        return engine.service(owner, maxConcurrency, worker);
    }

    /**
     * What an operator sees of this host's store, across owners: read-only (R63). Each call
     * returns a view over the same host; it throws {@link IllegalStateException} once the host is
     * closed.
     */
    public OperatorView operator() {
        return engine.operator().view();
    }

    /**
     * What an operator can do across owners: retry, cancel, clear, pause, resume (R62). Kept apart
     * from {@link #operator()} so that a read-only console is handed no way to act.
     */
    public OperatorActions operatorActions() {
        return engine.operator().actions();
    }

    /**
     * Stops every queue of {@code owner} as {@link #close()} stops all (R22) and forgets the owner:
     * its services throw {@link IllegalStateException} from then on, and the host keeps no reference
     * to its workers. A later {@link #service} call starts the owner afresh. Does nothing for an
     * owner without a service. Blocks up to the shutdown grace.
     */
    public void stopOwner(String owner) {
        engine.stopOwner(owner);
    }

    /**
     * Wakes every queue (so that tasks made due by a clock that jumped start now), then waits until
     * no queue has a task running or ready to start. For tests on a manual clock and orderly drains.
     * A timeout too long to count in nanoseconds waits as long as it takes (R33).
     *
     * @return whether the host went idle within {@code timeout}
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return engine.awaitIdle(timeout);
    }

    /**
     * Stops starting tasks, lets running ones finish within the shutdown grace, interrupts the rest
     * and gives them their attempt back (R22), then closes the store. Idempotent.
     */
    @Override
    public void close() {
        engine.close();
    }

    /** Configures a {@link TaskHost}. Not thread-safe. */
    public static final class Builder {
        private static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
        /** A lease shorter than this could not be renewed in time by a host that is merely busy. */
        private static final Duration SHORTEST_LEASE = Duration.ofSeconds(1);
        /** Every store can stamp an expiry this far ahead; a longer lease would never expire anyway (R33). */
        private static final Duration LONGEST_LEASE = Duration.ofDays(365L * 1000);
        private Optional<Path> dataDirectory = Optional.empty();
        private Optional<TaskStoreProvider> store = Optional.empty();
        private Clock clock = Clock.systemUTC();
        private Duration shutdownGrace = Duration.ofSeconds(10);
        private Duration lease = DEFAULT_LEASE;
        private Duration poll = Engine.DEFAULT_POLL;
        private final List<TaskListener> listeners = new ArrayList<>();
        private Duration countsRefresh = Duration.ofSeconds(10);

        private Builder() {
        }

        /** Where a file-based store keeps its data. */
        public Builder dataDirectory(Path dir) {
            this.dataDirectory = Optional.of(Objects.requireNonNull(dir, "dataDirectory"));
            return this;
        }

        /** The store to use instead of the one {@link java.util.ServiceLoader} finds. */
        public Builder store(TaskStoreProvider provider) {
            this.store = Optional.of(Objects.requireNonNull(provider, "store"));
            return this;
        }

        /** The clock every task time is read from; for tests. Default {@link Clock#systemUTC()}. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long {@link TaskHost#close()} and {@link TaskHost#stopOwner} let running tasks finish;
         * default 10 s (R22). Zero interrupts them at once; a grace too long to count in nanoseconds
         * (such as {@code Long.MAX_VALUE} seconds) waits as long as the runs take (R33).
         *
         * @throws IllegalArgumentException if {@code grace} is negative
         */
        public Builder shutdownGrace(Duration grace) {
            Objects.requireNonNull(grace, "shutdownGrace");
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdownGrace must not be negative, was " + grace);
            }
            this.shutdownGrace = grace;
            return this;
        }

        /**
         * How long a host holds a run it claimed without renewing it (R37); default 30 s. A run whose
         * lease expired belongs to a host that died, hung or lost the store, and a store shared by
         * several hosts lets any of them recover it. A lease longer than 1,000 years is taken as
         * 1,000 years: as good as never expiring (R33).
         *
         * @throws IllegalArgumentException if {@code lease} is shorter than 1 s
         */
        public Builder lease(Duration lease) {
            Objects.requireNonNull(lease, "lease");
            if (lease.compareTo(SHORTEST_LEASE) < 0) {
                throw new IllegalArgumentException("lease must be at least 1 s (R37), was " + lease);
            }
            this.lease = lease.compareTo(LONGEST_LEASE) > 0 ? LONGEST_LEASE : lease;
            return this;
        }

        /**
         * On a store that several hosts share (R35): how often this host looks for runs whose lease
         * expired (R37), and wakes its queues as the fallback for wake-ups that were lost (R39);
         * default 1 s. Other hosts' wake-ups arrive at once whatever it is; a run whose host died is
         * recovered within the lease plus this. A store of one host does not poll. A poll too long to
         * count in milliseconds is as good as none (R33).
         *
         * @throws IllegalArgumentException if {@code poll} is not positive
         */
        public Builder poll(Duration poll) {
            Objects.requireNonNull(poll, "poll");
            if (poll.isNegative() || poll.isZero()) {
                throw new IllegalArgumentException("poll must be positive (R37, R39), was " + poll);
            }
            this.poll = poll;
            return this;
        }

        /**
         * Adds a listener told what the host does (see {@link TaskListener}); listeners are called
         * in the order they were added. None by default.
         */
        public Builder listener(TaskListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * How often the host reads the counts of every queue it runs for its listeners
         * ({@link TaskListener#queueCounts}); default 10 s. Only a host with listeners reads them.
         * A period too long to count in milliseconds is as long as there is (R33).
         *
         * @throws IllegalArgumentException if {@code period} is shorter than 10 ms
         */
        public Builder countsRefresh(Duration period) {
            Objects.requireNonNull(period, "countsRefresh");
            if (period.compareTo(Duration.ofMillis(10)) < 0) {
                throw new IllegalArgumentException("countsRefresh must be at least 10 ms, was " + period);
            }
            this.countsRefresh = period;
            return this;
        }

        /**
         * Opens the store, deletes expired finished tasks (R21) and returns the running host.
         *
         * @throws dev.taskhost.api.TaskStoreException if the store cannot be opened
         * @throws IllegalStateException if no store was given and {@link java.util.ServiceLoader}
         *     finds none, or several
         */
        public TaskHost build() {
            TaskStoreProvider provider = store.orElseGet(StoreDiscovery::findOne);
            TaskStore opened = provider.open(new StoreContext(dataDirectory));
            return new TaskHost(Engine.start(opened, clock, shutdownGrace, lease, listeners, countsRefresh, poll));
        }
    }
}
