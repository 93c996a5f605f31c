package dev.taskhost.core.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Records the failure of a queue's runs that no live host holds: left running by a host that died
 * (R17, R38) or whose lease expired (R37). Each such attempt counts as failed and R14 decides, retry
 * or failed; the store applies a recovery only while the run is still running at that attempt and
 * still abandoned, so a run that just ended, or was renewed, is left alone.
 */
final class AbandonedRuns {

    private AbandonedRuns() {
    }

    /**
     * @param holder this host's lease holder
     * @param message the failure message for an attempt number
     * @param sweepAt told when a run that ended the task expires (R21)
     * @return how many runs the store recovered
     */
    static int recover(OwnerStore store, String holder, String queue, QueueConfig config, Instant now,
                       IntFunction<String> message, Consumer<Instant> sweepAt) {
        List<Outcome> outcomes = store.abandoned(queue, holder).stream()
                .map(task -> Attempts.afterFailure(task.id(), task.attempt(), config, message.apply(task.attempt()), now))
                .toList();
        if (outcomes.isEmpty()) {
            return 0;
        }
        int recovered = store.recordAbandoned(outcomes, holder);
        if (recovered > 0) {
            outcomes.stream().filter(o -> o.status().isTerminal())
                    .forEach(o -> sweepAt.accept(o.at().plus(config.retention())));
        }
        return recovered;
    }
}
