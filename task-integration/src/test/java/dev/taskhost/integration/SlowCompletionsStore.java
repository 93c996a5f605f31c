package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimedTask;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real store whose lone writes of completed runs ({@link OwnerStore#record}) take {@code lag} longer,
 * as on a busy disk: to see what the host does while such a write is on its way. Everything else,
 * {@link OwnerStore#recordThenClaim} included, goes straight to the real store.
 */
final class SlowCompletionsStore implements TaskStoreProvider {
    private final TaskStoreProvider real;
    private final Duration lag;

    SlowCompletionsStore(TaskStoreProvider real, Duration lag) {
        this.real = real;
        this.lag = lag;
    }

    @Override
    public String name() {
        return "slow completions over " + real.name();
    }

    @Override
    public TaskStore open(StoreContext context) {
        TaskStore store = real.open(context);
        return new TaskStore() {
            @Override
            public List<String> owners() {
                return store.owners();
            }

            @Override
            public OwnerStore owner(String ownerId) {
                return new SlowOwnerStore(store.owner(ownerId));
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    private final class SlowOwnerStore implements OwnerStore {
        private final OwnerStore store;

        SlowOwnerStore(OwnerStore store) {
            this.store = store;
        }

        @Override
        public int record(List<Outcome> outcomes) {
            if (outcomes.stream().anyMatch(outcome -> outcome.status() == TaskStatus.COMPLETED)) {
                try {
                    TimeUnit.MILLISECONDS.sleep(lag.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return store.record(outcomes);
        }

        @Override
        public List<ClaimedTask> recordThenClaim(List<Outcome> outcomes, String queueName, int max, Instant now) {
            return store.recordThenClaim(outcomes, queueName, max, now);
        }

        @Override
        public void saveQueue(String queueName, QueueConfig config, Instant now) {
            store.saveQueue(queueName, config, now);
        }

        @Override
        public Optional<QueueConfig> findQueue(String queueName) {
            return store.findQueue(queueName);
        }

        @Override
        public List<String> queueNames() {
            return store.queueNames();
        }

        @Override
        public void insert(NewTask task) {
            store.insert(task);
        }

        @Override
        public Optional<TaskRecord> find(String taskId) {
            return store.find(taskId);
        }

        @Override
        public Optional<TaskStatus> cancel(String taskId, Instant now) {
            return store.cancel(taskId, now);
        }

        @Override
        public long cancelPending(String queueName, Instant now) {
            return store.cancelPending(queueName, now);
        }

        @Override
        public List<ClaimedTask> claim(String queueName, int max, Instant now) {
            return store.claim(queueName, max, now);
        }

        @Override
        public Optional<Instant> nextReadyAt(String queueName) {
            return store.nextReadyAt(queueName);
        }

        @Override
        public List<TaskRecord> running(String queueName) {
            return store.running(queueName);
        }

        @Override
        public Optional<Instant> purgeExpired(Instant now) {
            return store.purgeExpired(now);
        }

        @Override
        public Map<TaskStatus, Long> countByStatus(String queueName) {
            return store.countByStatus(queueName);
        }

        @Override
        public List<TaskRecord> list(String queueName, Optional<TaskStatus> status, int limit) {
            return store.list(queueName, status, limit);
        }
    }
}
