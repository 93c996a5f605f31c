package dev.taskhost.testkit.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes task ids: 128 random bits, base64url without padding, so 22 URL-safe characters (R9). */
public final class TaskIds {

    private static final int RANDOM_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TaskIds() {
    }

    /** A new id; thread-safe. */
    public static String next() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return ENCODER.encodeToString(bytes);
    }
}
