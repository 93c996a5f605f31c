package dev.taskhost.plugins.internal;

/** Turns a throwable and its causes into one line for a plugin's error. */
final class Failures {
    private static final int MAX_CAUSES = 5;

    private Failures() {
    }

    /** {@code "Type: message; caused by Type: message"}, for a few levels of causes. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(failure.toString());
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && cause != failure && depth < MAX_CAUSES; depth++) {
            text.append("; caused by ").append(cause);
            cause = cause.getCause();
        }
        return text.toString();
    }
}
