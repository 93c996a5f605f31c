package dev.taskhost.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The limits every {@link TaskService} enforces, and the checks that enforce them, so that every
 * implementation words its errors alike. Stateless and thread-safe.
 */
public final class TaskLimits {

    /** The largest payload, in bytes (R10). */
    public static final int MAX_PAYLOAD_BYTES = 1_048_576;
    /** The longest queue name, in UTF-8 bytes (R5). */
    public static final int MAX_QUEUE_NAME_BYTES = 128;
    /** The longest stored message, in UTF-8 bytes (R16). */
    public static final int MAX_MESSAGE_BYTES = 4096;
    /** The longest task key, in UTF-8 bytes (R43). */
    public static final int MAX_KEY_BYTES = 256;
    /** The longest progress note, in UTF-8 bytes (R48). */
    public static final int MAX_PROGRESS_NOTE_BYTES = 1024;
    /** The largest page of a task listing (R49). */
    public static final int MAX_PAGE_SIZE = 1000;
    /** The latest ready time a task can have (R41): the last millisecond of the year 9999. */
    public static final Instant LATEST_READY_AT = Instant.parse("9999-12-31T23:59:59.999Z");
    /** What owner ids and plugin ids look like (R3). */
    public static final Pattern OWNER_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private TaskLimits() {
    }

    /**
     * @return {@code owner}
     * @throws IllegalArgumentException if the owner id breaks R3
     */
    public static String requireOwnerId(String owner) {
        Objects.requireNonNull(owner, "owner");
        if (!OWNER_ID.matcher(owner).matches()) {
            throw new IllegalArgumentException("owner id '" + printable(owner)
                    + "' must match " + OWNER_ID.pattern() + " (R3)");
        }
        return owner;
    }

    /**
     * @return {@code name}
     * @throws IllegalArgumentException if the queue name breaks R5
     */
    public static String requireQueueName(String name) {
        Objects.requireNonNull(name, "queueName");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > MAX_QUEUE_NAME_BYTES) {
            throw new IllegalArgumentException("queue name '" + printable(name) + "' is " + bytes
                    + " bytes of UTF-8; it must be 1 to " + MAX_QUEUE_NAME_BYTES + " (R5)");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("queue name '" + printable(name)
                    + "' contains a control character (R5)");
        }
        // A lone surrogate has no UTF-8 form: the store would keep '?' and name another queue.
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("queue name '" + printable(name)
                    + "' contains a lone surrogate, which UTF-8 cannot encode (R5)");
        }
        return name;
    }

    /**
     * @return {@code name}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if the schedule name breaks R54: as a queue name (R5), 1 to
     *     128 bytes of UTF-8, no control character, no lone surrogate
     */
    public static String requireScheduleName(String name) {
        Objects.requireNonNull(name, "scheduleName");
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > MAX_QUEUE_NAME_BYTES) {
            throw new IllegalArgumentException("schedule name '" + printable(name) + "' is " + bytes
                    + " bytes of UTF-8; it must be 1 to " + MAX_QUEUE_NAME_BYTES + " (R54)");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("schedule name '" + printable(name)
                    + "' contains a control character (R54)");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(name)) {
            throw new IllegalArgumentException("schedule name '" + printable(name)
                    + "' contains a lone surrogate, which UTF-8 cannot encode (R54)");
        }
        return name;
    }

    /**
     * @return {@code key}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if the key breaks R43: 1 to 256 bytes of UTF-8, no control
     *     character, no lone surrogate
     */
    public static String requireKey(String key) {
        Objects.requireNonNull(key, "key");
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < 1 || bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("key '" + printable(key) + "' is " + bytes
                    + " bytes of UTF-8; it must be 1 to " + MAX_KEY_BYTES + " (R43)");
        }
        if (key.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("key '" + printable(key) + "' contains a control character (R43)");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(key)) {
            throw new IllegalArgumentException("key '" + printable(key)
                    + "' contains a lone surrogate, which UTF-8 cannot encode (R43)");
        }
        return key;
    }

    /**
     * @return {@code at}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is after {@link #LATEST_READY_AT} (R41)
     */
    public static Instant requireRunAt(Instant at) {
        Objects.requireNonNull(at, "runAt");
        if (at.isAfter(LATEST_READY_AT)) {
            throw new IllegalArgumentException("runAt " + at + " is after the latest ready time "
                    + LATEST_READY_AT + " (R41)");
        }
        return at;
    }

    /**
     * @return {@code delay}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if it is negative (R41)
     */
    public static Duration requireRunAfter(Duration delay) {
        Objects.requireNonNull(delay, "runAfter");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("runAfter must not be negative (R41), was " + delay);
        }
        return delay;
    }

    /**
     * Checks a progress report (R48).
     *
     * @throws NullPointerException if {@code note} is null
     * @throws IllegalArgumentException if {@code percent} is outside 0-100 or the note is longer
     *     than {@link #MAX_PROGRESS_NOTE_BYTES}
     */
    public static void requireProgress(int percent, String note) {
        Objects.requireNonNull(note, "note");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress percent must be 0 to 100 (R48), was " + percent);
        }
        int bytes = note.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PROGRESS_NOTE_BYTES) {
            throw new IllegalArgumentException("progress note is " + bytes + " bytes of UTF-8, over the limit of "
                    + MAX_PROGRESS_NOTE_BYTES + " (R48)");
        }
    }

    /**
     * @return {@code pageSize}
     * @throws IllegalArgumentException if it is outside 1 to {@link #MAX_PAGE_SIZE} (R49)
     */
    public static int requirePageSize(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("pageSize must be 1 to " + MAX_PAGE_SIZE + " (R49), was " + pageSize);
        }
        return pageSize;
    }

    /**
     * The error for a listing cursor that no listing of the queue returned (R49), worded alike by
     * every implementation.
     */
    public static IllegalArgumentException badCursor(String queueName, String cursor) {
        return new IllegalArgumentException("cursor '" + printable(cursor) + "' is not one a listing of queue '"
                + printable(queueName) + "' returned (R49)");
    }

    /**
     * @return {@code payload}
     * @throws IllegalArgumentException if the payload is larger than R10 allows
     */
    public static byte[] requirePayload(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("payload is " + payload.length
                    + " bytes; the limit is " + MAX_PAYLOAD_BYTES + " bytes (R10)");
        }
        return payload;
    }

    /**
     * @return {@code taskId}
     * @throws NullPointerException if it is null
     */
    public static String requireTaskId(String taskId) {
        return Objects.requireNonNull(taskId, "taskId");
    }

    /** The message stored for a worker's result: {@code null} becomes {@code ""}, cut to 4 KiB (R16). */
    public static String resultMessage(String result) {
        return truncate(result == null ? "" : result);
    }

    /** The message stored for a failed attempt: the exception's message, else its class name (R16). */
    public static String failureMessage(Throwable failure) {
        String message = failure.getMessage();
        return truncate(message == null || message.isEmpty() ? failure.getClass().getName() : message);
    }

    /** Cuts {@code text} to at most {@link #MAX_MESSAGE_BYTES} UTF-8 bytes, never inside a character. */
    public static String truncate(String text) {
        if (text.length() * 3L <= MAX_MESSAGE_BYTES) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = utf8Length(codePoint);
            if (bytes + size > MAX_MESSAGE_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    /** Control characters shown escaped, so that an error message stays on one line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(140).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
