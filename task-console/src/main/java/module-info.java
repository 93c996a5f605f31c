/**
 * The operator console: server-rendered pages and a JSON API over a host's queues, on the JDK's
 * own HTTP server, behind an access token (R60 to R63).
 */
module dev.taskhost.console {
    requires transitive dev.taskhost.core;
    requires transitive jdk.httpserver;
    requires org.slf4j;

    exports dev.taskhost.console;
}
