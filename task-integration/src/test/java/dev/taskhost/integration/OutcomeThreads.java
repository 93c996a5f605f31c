package dev.taskhost.integration;

import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import dev.taskhost.testkit.ForwardingOwnerStore;
import dev.taskhost.testkit.WrappedStoreProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A SQLite store that notes the thread of every dispatch that records outcomes: where hand-offs happen. */
final class OutcomeThreads {
    private final List<String> names = Collections.synchronizedList(new ArrayList<>());

    /** The store on {@code data}, noting into this. */
    WrappedStoreProvider store(Path data) {
        return WrappedStoreProvider.wrapping(SqliteTaskStoreProvider.builder().dataDirectory(data).build(),
                "thread-noting", owner -> new ForwardingOwnerStore(owner) {
                    @Override
                    public ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request) {
                        if (!outcomes.isEmpty()) {
                            names.add(Thread.currentThread().getName());
                        }
                        return super.recordThenClaim(outcomes, request);
                    }
                });
    }

    /** The names of the threads that recorded outcomes, in order. */
    List<String> names() {
        synchronized (names) {
            return List.copyOf(names);
        }
    }
}
