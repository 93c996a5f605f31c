package dev.taskhost.integration;

import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoreContext;
import dev.taskhost.core.spi.TaskStore;
import dev.taskhost.core.spi.TaskStoreProvider;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;

/**
 * A real store whose lone writes of completed runs ({@link OwnerStore#record}) take {@code lag} longer,
 * as on a busy disk: to see what the host does while such a write is on its way. Everything else,
 * {@link OwnerStore#recordThenClaim} included, goes straight to the real store.
 */
final class SlowCompletionsStore implements TaskStoreProvider {
    private final TaskStoreProvider wrapped;

    SlowCompletionsStore(TaskStoreProvider real, Duration lag) {
        this.wrapped = WrappedStoreProvider.wrapping(real, "slow completions", store -> new SlowOwnerStore(store, lag));
    }

    @Override
    public String name() {
        return wrapped.name();
    }

    @Override
    public TaskStore open(StoreContext context) {
        return wrapped.open(context);
    }

    private static final class SlowOwnerStore extends ForwardingOwnerStore {
        private final Duration lag;

        SlowOwnerStore(OwnerStore store, Duration lag) {
            super(store);
            this.lag = lag;
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
            return super.record(outcomes);
        }
    }
}
