package dev.taskhost.integration;

import dev.taskhost.api.Task;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskWorker;
import java.io.IOException;
import java.util.zip.CRC32;

/**
 * The model-based suite's worker: what an attempt does is decided by the payload's first byte and the
 * attempt number alone, so the real host, the fake and the model all know it. Each completed run's
 * message carries a checksum of the payload the worker got (R10).
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
    BLANK_FAILURE;

    /** The worker every implementation under test is given. */
    static final TaskWorker WORKER = ModelWorker::execute;

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

    /** What the attempt ends with: the message it leaves, and whether it completed. */
    record Outcome(boolean completed, String message) {
    }

    /** The stored outcome of attempt {@code attempt} on {@code payload}, as SPEC words it (R16). */
    static Outcome outcome(byte[] payload, int attempt) {
        try {
            return new Outcome(true, TaskLimits.resultMessage(run(payload, attempt)));
        } catch (Exception | Error thrown) {
            return new Outcome(false, TaskLimits.failureMessage(thrown));
        }
    }

    private static String execute(Task task) throws Exception {
        return run(task.payload(), task.attempt());
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
