package dev.taskhost.core.internal;

import java.security.SecureRandom;
import java.util.Base64;

/** Makes task ids: 128 random bits, base64url without padding (R9). Thread-safe. */
final class TaskIds {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private TaskIds() {
    }

    static String next() {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return ENCODER.encodeToString(bits);
    }
}
