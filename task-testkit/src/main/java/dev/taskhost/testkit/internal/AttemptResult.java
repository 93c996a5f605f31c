package dev.taskhost.testkit.internal;

import java.util.Objects;

/** How one attempt of a task ended. */
public sealed interface AttemptResult {

    /** The worker returned; {@code message} is already normalized (R16). */
    record Completed(String message) implements AttemptResult {
        /** @throws NullPointerException if {@code message} is null */
        public Completed {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * The worker threw or timed out; {@code message} is already normalized (R16).
     *
     * @param retryable false when the worker threw {@link dev.taskhost.api.NonRetryableException}:
     *     the task fails at once (R46)
     */
    record Failed(String message, boolean retryable) implements AttemptResult {
        /** @throws NullPointerException if {@code message} is null */
        public Failed {
            Objects.requireNonNull(message, "message");
        }

        /** A failure that may be retried (R14). */
        public Failed(String message) {
            this(message, true);
        }
    }

    /**
     * The thread running the fake was interrupted while it waited for the attempt, which was then
     * stopped; the attempt does not count, as with a shutdown (R22).
     */
    record Abandoned() implements AttemptResult {
    }
}
