package dev.taskhost.core;

import dev.taskhost.api.QueueSummary;
import java.util.Objects;

/**
 * A stored queue as an operator sees it. Immutable.
 *
 * @param owner the owner whose queue it is
 * @param summary its name, config, pause and counts by status (R49)
 * @param runsHere whether this host created it in its lifetime, and so runs its tasks (R8)
 */
public record OperatorQueue(String owner, QueueSummary summary, boolean runsHere) {

    /** @throws NullPointerException if a component is null */
    public OperatorQueue {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(summary, "summary");
    }

    /** The queue's name. */
    public String name() {
        return summary.name();
    }
}
