package dev.taskhost.samples.host.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * Sends the demo's log to a file, so that the terminal keeps only the progress (logback.xml lets
 * only errors through to it).
 */
public final class HostLog {
    private static final String APPENDER = "demo-file";

    private HostLog() {
    }

    /**
     * Appends every log event of level INFO and above to {@code file}, instead of any file set before.
     *
     * @return whether logging goes to the file; false if slf4j is not bound to logback
     */
    public static boolean toFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
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

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> earlier = root.getAppender(APPENDER);
        if (earlier != null) {
            root.detachAppender(earlier);
            earlier.stop();
        }
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        return true;
    }
}
