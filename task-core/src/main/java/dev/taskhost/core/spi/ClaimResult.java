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
 */
public record ClaimResult(List<ClaimedTask> claimed, Optional<Instant> lastStart, boolean paused) {

    /** @throws NullPointerException if a component is null */
    public ClaimResult {
        claimed = List.copyOf(claimed);
        Objects.requireNonNull(lastStart, "lastStart");
    }
}
