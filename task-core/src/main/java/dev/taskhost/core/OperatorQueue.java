package dev.taskhost.core;

import dev.taskhost.api.QueueSummary;
import java.util.List;
import java.util.Objects;

/**
 * A stored queue as an operator sees it. Immutable.
 *
 * @param owner the owner whose queue it is
 * @param summary its name, config, pause and counts by status (R49)
 * @param runsHere whether this host created it in its lifetime, and so runs its tasks (R8)
 * @param liveHosts the ids of the live hosts that run it (see {@link OperatorView#hosts()}), sorted;
 *     empty when none does, or when the view cannot tell ({@link OperatorView#hostsTracked()})
 */
public record OperatorQueue(String owner, QueueSummary summary, boolean runsHere, List<String> liveHosts) {

    /** @throws NullPointerException if a component is null */
    public OperatorQueue {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(summary, "summary");
        liveHosts = List.copyOf(liveHosts);
    }

    /** A queue with no live host known to run it. */
    public OperatorQueue(String owner, QueueSummary summary, boolean runsHere) {
        this(owner, summary, runsHere, List.of());
    }

    /** The queue's name. */
    public String name() {
        return summary.name();
    }
}
