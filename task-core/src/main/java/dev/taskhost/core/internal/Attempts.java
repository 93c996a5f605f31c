package dev.taskhost.core.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.core.spi.Outcome;
import java.time.Instant;

/** What becomes of a task whose attempt failed (R14). Pure functions. */
final class Attempts {

    private Attempts() {
    }

    /** A retry after the queue's backoff while attempts are left, else the end: failed. */
    static Outcome afterFailure(String taskId, int attempt, QueueConfig config, String message, Instant now) {
        if (attempt <= config.maxRetries()) {
            return Outcome.retry(taskId, attempt, message, now.plus(config.retryDelay(attempt)), now);
        }
        return Outcome.failed(taskId, attempt, message, now);
    }
}
