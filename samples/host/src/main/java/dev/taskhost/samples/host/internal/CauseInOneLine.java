package dev.taskhost.samples.host.internal;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * The console's way of showing a logged exception: on the event's own line, as the exception's
 * class and message, followed by where the stack trace is ({@code %causeInOneLine} in logback.xml).
 * A console of 40-line traces buries the progress it is there to show; the log file keeps them.
 * Being a throwable-handling converter, it also keeps logback from appending the trace itself.
 * Thread-safe.
 */
public final class CauseInOneLine extends ThrowableHandlingConverter {

    /** For logback, which creates it by reflection. */
    public CauseInOneLine() {
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        String message = thrown.getMessage() == null ? "" : ": " + Problems.oneLine(thrown.getMessage());
        String where = HostLog.file(getContext()).map(file -> " (stack trace in " + file + ")").orElse("");
        return ": " + simpleName(thrown.getClassName()) + message + where;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
