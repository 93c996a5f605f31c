package dev.taskhost.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.Outcome;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AttemptsTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private final QueueConfig twoRetries = QueueConfig.builder().maxRetries(2).backoff(Duration.ofSeconds(3)).build();

    @Test
    void r14_aFailedAttemptWithAttemptsLeftIsRetriedAfterTheBackoff() {
        Outcome first = Attempts.afterFailure("t", 1, twoRetries, "boom", NOW);
        Outcome second = Attempts.afterFailure("t", 2, twoRetries, "boom", NOW);

        assertEquals(TaskStatus.PENDING, first.status());
        assertEquals(NOW.plusSeconds(3), first.readyAt());
        assertEquals(1, first.nextAttempt());
        assertEquals(NOW.plusSeconds(6), second.readyAt());
    }

    @Test
    void r14_theLastAllowedAttemptEndsFailed() {
        Outcome last = Attempts.afterFailure("t", 3, twoRetries, "boom", NOW);

        assertEquals(TaskStatus.FAILED, last.status());
        assertEquals("boom", last.message());
        assertEquals(3, last.nextAttempt());
    }

    @Test
    void r17_aRecoveredAttemptBeyondTheRetriesEndsFailedSoACrashingTaskCannotLoop() {
        Outcome outcome = Attempts.afterFailure("t", 1, QueueConfig.defaults(), "the host stopped", NOW);

        assertEquals(TaskStatus.FAILED, outcome.status());
    }
}
