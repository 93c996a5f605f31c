package dev.taskhost.bench;

import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/** Small JDBC helpers shared by the raw task tables. */
final class Jdbc {

    private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();
    private static final String TIME_DIGITS = "0123456789abcdefghijklmnopqrstuv";

    /** Something to close that may throw {@link SQLException}. */
    @FunctionalInterface
    interface Closeable {
        void close() throws SQLException;
    }

    private Jdbc() {
    }

    /** An id as a user writing the obvious table would make it: 128 random bits, base64url. */
    static String newId(SplittableRandom random) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return IDS.encodeToString(bits);
    }

    /**
     * A task id of the shape of the host's ids, for rows written into the store's own schema: the
     * millisecond it was made in 10 base32hex digits, which sort as the time does, then 128 random
     * bits, base64url (task-core's {@code TaskIds}).
     */
    static String storeId(SplittableRandom random, long epochMillis) {
        StringBuilder id = new StringBuilder(32);
        for (int shift = 45; shift >= 0; shift -= 5) {
            id.append(TIME_DIGITS.charAt((int) (epochMillis >>> shift) & 31));
        }
        return id.append(newId(random)).toString();
    }

    /**
     * Closes each in turn, even when one fails.
     *
     * @throws SQLException the first failure, with the later ones suppressed
     */
    static void closeAll(List<? extends Closeable> closeables) throws SQLException {
        SQLException failure = null;
        for (Closeable closeable : closeables) {
            try {
                closeable.close();
            } catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
