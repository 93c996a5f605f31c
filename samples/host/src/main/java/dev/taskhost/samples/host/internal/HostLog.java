package dev.taskhost.samples.host.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.Context;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Sends the demo's log to a file, so that the terminal keeps only the progress (logback.xml lets
 * only errors through to it, one line each, see {@link CauseInOneLine}); the file gets the stack
 * traces.
 */
public final class HostLog {
    private static final String APPENDER = "demo-file";
    /** The logback context property that names the log file, once there is one. */
    private static final String FILE_PROPERTY = "taskhost.logFile";
    /**
     * The logger of failures the console has already shown in a line of its own: logback.xml gives
     * it no console appender and no additivity, so their traces go to the log file only.
     */
    private static final String FAILURES = "taskhost.failures";

    private HostLog() {
    }

    /**
     * Appends every log event of level INFO and above to {@code file}, instead of any file set before.
     *
     * @return whether logging goes to the file; false if slf4j is not bound to logback, or if the
     *     file cannot be opened (a read-only data directory): then nothing names it as the place
     *     of stack traces
     */
    public static boolean toFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Logger failures = context.getLogger(FAILURES);
        // The file set before goes first, even if this one cannot be opened: no message names it any more.
        context.putProperty(FILE_PROPERTY, null);
        for (Logger logger : new Logger[] {root, failures}) {
            Appender<ILoggingEvent> earlier = logger.getAppender(APPENDER);
            if (earlier != null) {
                logger.detachAppender(earlier);
                earlier.stop();
            }
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName(APPENDER);
        appender.setFile(file.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        if (!appender.isStarted()) {
            return false;
        }
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        failures.addAppender(appender);
        context.putProperty(FILE_PROPERTY, file.toString());
        return true;
    }

    /**
     * Puts a failure, with its stack trace, in the log file and nowhere else: for a failure that
     * the caller shows on the console in a line of its own.
     *
     * @return the log file, if there is one yet
     */
    public static Optional<Path> failure(String what, Throwable failure) {
        LoggerFactory.getLogger(FAILURES).error(what, failure);
        return LoggerFactory.getILoggerFactory() instanceof LoggerContext context ? file(context) : Optional.empty();
    }

    /** The log file that {@link #toFile} set up in this logback context, if any. */
    static Optional<Path> file(Context context) {
        return Optional.ofNullable(context == null ? null : context.getProperty(FILE_PROPERTY)).map(Path::of);
    }
}
