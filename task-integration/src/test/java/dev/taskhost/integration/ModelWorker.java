package dev.taskhost.integration;

import dev.taskhost.api.NonRetryableException;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskWorker;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * The model-based suite's worker: what an attempt does is decided by the payload's first byte and the
 * attempt number alone, so the real host, the fake and the model all know it. Each completed run's
 * message carries a checksum of the payload the worker got (R10). One behaviour cancels its own
 * running task (R47), so it needs the service it runs under.
 */
enum ModelWorker {
    SUCCEEDS, FAILS_ONCE, FAILS_TWICE, ALWAYS_FAILS,
    /** Throws an exception without a message, then returns null (R16). */
    SILENT,
    /** Throws an {@link AssertionError} first (R24). */
    ERROR_ONCE,
    /** Returns a message longer than 4 KiB of UTF-8 (R16). */
    VERBOSE,
    /** Throws an exception with an empty message (R16). */
    BLANK_FAILURE,
    /** Throws {@link NonRetryableException} at its first attempt: failed at once (R46). */
    NON_RETRYABLE,
    /** Cancels its own task with {@code cancel(id, true)}, then returns: cancelled, not completed (R47). */
    CANCELS_ITSELF;

    /** The worker an implementation under test is given; {@code service} is the one it runs under. */
    static TaskWorker worker(Supplier<TaskService> service) {
        return task -> {
            if (of(task.payload()) == CANCELS_ITSELF) {
                service.get().cancel(task.taskId(), true);
                return "returned after cancelling itself";
            }
            return run(task.payload(), task.attempt());
        };
    }

    /** The payload: this behaviour's byte, then {@code extra}. */
    byte[] payload(byte[] extra) {
        byte[] payload = new byte[extra.length + 1];
        payload[0] = (byte) ordinal();
        System.arraycopy(extra, 0, payload, 1, extra.length);
        return payload;
    }

    static ModelWorker of(byte[] payload) {
        return values()[payload[0]];
    }

    /** How an attempt ends. */
    enum Ending { COMPLETED, FAILED, FAILED_FOR_GOOD, CANCELLED }

    /** What the attempt ends with: how, and the message it leaves (empty and unused when cancelled). */
    record Outcome(Ending ending, String message) {
    }

    /** The stored outcome of attempt {@code attempt} on {@code payload}, as SPEC words it (R16, R46, R47). */
    static Outcome outcome(byte[] payload, int attempt) {
        if (of(payload) == CANCELS_ITSELF) {
            return new Outcome(Ending.CANCELLED, "");
        }
        try {
            return new Outcome(Ending.COMPLETED, TaskLimits.resultMessage(run(payload, attempt)));
        } catch (NonRetryableException thrown) {
            return new Outcome(Ending.FAILED_FOR_GOOD, TaskLimits.failureMessage(thrown));
        } catch (Exception | Error thrown) {
            return new Outcome(Ending.FAILED, TaskLimits.failureMessage(thrown));
        }
    }


    private static String run(byte[] payload, int attempt) throws Exception {
        String done = "ok at attempt " + attempt + ", payload crc " + crc(payload);
        switch (of(payload)) {
            case SUCCEEDS:
                return done;
            case FAILS_ONCE:
                if (attempt <= 1) {
                    throw new IllegalStateException("fails at attempt " + attempt);
                }
                return done;
            case FAILS_TWICE:
                if (attempt <= 2) {
                    throw new IllegalStateException("fails at attempt " + attempt);
                }
                return done;
            case ALWAYS_FAILS:
                throw new IOException("always fails, attempt " + attempt);
            case SILENT:
                if (attempt <= 1) {
                    throw new UnsupportedOperationException();
                }
                return null;
            case ERROR_ONCE:
                if (attempt <= 1) {
                    throw new AssertionError("an Error at attempt " + attempt);
                }
                return done;
            case VERBOSE:
                return "\u00e9".repeat(3000) + done;
            case BLANK_FAILURE:
                throw new IllegalArgumentException("");
            case NON_RETRYABLE:
                if (attempt <= 1) {
                    throw new NonRetryableException("no retry can help, attempt " + attempt);
                }
                return done;
            default:
                throw new AssertionError("no such behaviour");
        }
    }

    private static String crc(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return Long.toHexString(crc.getValue());
    }
}
