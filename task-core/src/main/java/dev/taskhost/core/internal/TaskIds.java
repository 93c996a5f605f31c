package dev.taskhost.core.internal;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes task ids: the time of making, in milliseconds, as 10 characters whose order is the time's,
 * then 128 random bits, base64url without padding (R9: unguessable and URL-safe; 32 characters).
 * Ids made later sort after those made earlier (in a millisecond, at random), so a store's index on
 * the ids grows at its end, as its tasks do: an enqueue writes the index's last page, not one at
 * random, and a retention sweep, which deletes in the order tasks finished, deletes from a few pages
 * in a row rather than one page per task. Thread-safe.
 */
final class TaskIds {
    /**
     * Base32hex digits, lower case: a number written in them sorts as the number does, byte by byte
     * (SQLite) and in the usual linguistic collations too (PostgreSQL's text columns), which sort
     * digits before letters and ignore case only where both are letters.
     */
    private static final char[] DIGITS = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    /** 10 digits of 5 bits: 50 bits of milliseconds, enough for some 35,000 years. */
    static final int TIME_CHARS = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TaskIds() {
    }

    static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        StringBuilder id = new StringBuilder(TIME_CHARS + 22);
        for (int shift = 5 * (TIME_CHARS - 1); shift >= 0; shift -= 5) {
            id.append(DIGITS[(int) (epochMillis >>> shift) & 31]);
        }
        return id.append(ENCODER.encodeToString(bits)).toString();
    }
}
