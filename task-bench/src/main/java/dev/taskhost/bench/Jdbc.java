package dev.taskhost.bench;

import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/** Small JDBC helpers shared by the raw task tables. */
final class Jdbc {

    private static final Base64.Encoder IDS = Base64.getUrlEncoder().withoutPadding();

    /** Something to close that may throw {@link SQLException}. */
    @FunctionalInterface
    interface Closeable {
        void close() throws SQLException;
    }

    private Jdbc() {
    }

    /** A task id of the shape of the host's ids: 128 random bits, base64url. */
    static String newId(SplittableRandom random) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return IDS.encodeToString(bits);
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
