package dev.taskhost.core.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a claim took, and what the host needs to know to wake the queue at the right time.
 *
 * @param claimed the claimed tasks, in claim order: priority (R42), then ready time and enqueue order (R11)
 * @param lastStart the queue's stored last start after the claim (R36); empty if it never started a task
 * @param paused whether the queue is paused (R44): then nothing was claimed, and only a resume wakes it
 * @param full whether, after the claim, the queue's concurrency is taken by runs across every host
 *     sharing the store (R12, R35): nothing more of it starts until a run ends, and the end of a run,
 *     on whichever host, wakes the queue (R39); a store only one process uses may always say {@code false}
 */
public record ClaimResult(List<ClaimedTask> claimed, Optional<Instant> lastStart, boolean paused, boolean full) {

    /** @throws NullPointerException if a component is null */
    public ClaimResult {
        claimed = List.copyOf(claimed);
        Objects.requireNonNull(lastStart, "lastStart");
    }

    /**
     * A result that does not say the queue is full, for a store only one process uses.
     *
     * @throws NullPointerException if a component is null
     */
    public ClaimResult(List<ClaimedTask> claimed, Optional<Instant> lastStart, boolean paused) {
        this(claimed, lastStart, paused, false);
    }
}
