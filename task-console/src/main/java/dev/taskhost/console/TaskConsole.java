package dev.taskhost.console;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.taskhost.core.OperatorActions;
import dev.taskhost.core.OperatorView;
import dev.taskhost.core.TaskHost;
import dev.taskhost.console.internal.ConsoleHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console of a {@link TaskHost}: pages and a JSON API over every owner's queues, on
 * the JDK's own HTTP server (R60 to R63). Listens on 127.0.0.1 unless told otherwise; shows nothing
 * without its access token, which is configured or generated and then logged once at start. Build
 * with {@link #builder()}, {@link #start()}, {@link #close()}. Thread-safe.
 */
public final class TaskConsole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaskConsole.class);
    /** Requests waiting for a thread beyond this many are refused, so a flood costs no memory. */
    private static final int QUEUED_REQUESTS = 64;

    private final InetSocketAddress address;
    private final String token;
    private final boolean generated;
    private final int threads;
    private final ConsoleHandler handler;
    private final boolean readOnly;
    private HttpServer server;
    private ThreadPoolExecutor executor;
    private boolean closed;

    private TaskConsole(Builder b) {
        this.address = b.address;
        this.generated = b.token.isEmpty();
        this.token = b.token.orElseGet(ConsoleHandler::newToken);
        this.threads = b.threads;
        this.readOnly = b.readOnly || b.host == null;
        boolean hostless = b.host == null;
        OperatorView view = hostless ? b.view : b.host.operator();
        Optional<OperatorActions> actions = b.readOnly || hostless ? Optional.empty()
                : Optional.of(b.host.operatorActions());
        this.handler = new ConsoleHandler(view, actions, token, Clock.systemUTC());
    }

    /** A builder: loopback, any free port, a generated token, actions allowed. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts serving, on a bounded pool of threads, until {@link #close()}. Logs where, and a
     * generated token, once.
     *
     * @throws IllegalStateException if already started or closed
     * @throws UncheckedIOException if the address cannot be bound
     */
    public synchronized void start() {
        if (server != null || closed) {
            throw new IllegalStateException("the console was already started" + (closed ? " and closed" : ""));
        }
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException("the console cannot listen on " + address + ": " + e.getMessage(), e);
        }
        AtomicInteger count = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), task -> {
                    Thread thread = new Thread(task, "taskhost-console-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        if (generated) {
            LOG.info("taskhost console{} at {} ; access token (shown once): {}", readOnly ? " (read-only)" : "",
                    uri(), token);
        } else {
            LOG.info("taskhost console{} at {} (token as configured)", readOnly ? " (read-only)" : "", uri());
        }
        if (!address.getAddress().isLoopbackAddress()) {
            LOG.warn("taskhost console listens on {}, not on loopback: anyone who can reach it and has the token "
                    + "can see and act on every queue; put TLS in front of it", address);
        }
    }

    /**
     * Where the console listens, without the token.
     *
     * @throws IllegalStateException before {@link #start()}
     */
    public synchronized URI uri() {
        if (server == null) {
            throw new IllegalStateException("the console is not started");
        }
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + bound.getPort() + "/");
    }

    /** The access token (R60). */
    public String token() {
        return token;
    }

    /**
     * The console as a handler for an {@link HttpServer} of the application's own, mounted at any
     * context path; it checks the token like the console's own server. Usable without {@link #start()}.
     */
    public HttpHandler handler() {
        return handler;
    }

    /**
     * A link that signs a browser in: the sign-in page with the token in the fragment
     * ({@code #token=}), which the browser never sends to the server, so it reaches no access log;
     * the page's script submits it once and removes it from the address bar. Share it as the token.
     */
    public URI signInLink() {
        return URI.create(uri() + "signin#token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Stops serving, at once. Idempotent; does not close the host. */
    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    /** Configures a {@link TaskConsole}. Not thread-safe. */
    public static final class Builder {
        private TaskHost host;
        private OperatorView view;
        private InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private Optional<String> token = Optional.empty();
        private boolean readOnly;
        private int threads = 4;

        private Builder() {
        }

        /** The host whose queues the console shows; required. */
        public Builder taskHost(TaskHost host) {
            this.host = Objects.requireNonNull(host, "taskHost");
            return this;
        }

        /**
         * Instead of a host, a view of stored data with no host running (such as
         * {@code StoreView.open(dir).view()}): the console is then read-only (R62).
         */
        public Builder view(OperatorView view) {
            this.view = Objects.requireNonNull(view, "view");
            return this;
        }

        /** Where to listen; default 127.0.0.1, port 0 (any free one). */
        public Builder address(InetSocketAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * The access token; default: 256 random bits, generated and logged once at start.
         *
         * @throws IllegalArgumentException if shorter than 16 characters or not printable ASCII
         */
        public Builder token(String token) {
            Objects.requireNonNull(token, "token");
            if (token.length() < 16 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("console token must be at least 16 printable ASCII characters "
                        + "without spaces (R60), was " + token.length() + " characters");
            }
            this.token = Optional.of(token);
            return this;
        }

        /** Whether the console only shows: no action forms, every action refused (R62). Default false. */
        public Builder readOnly(boolean readOnly) {
            this.readOnly = readOnly;
            return this;
        }

        /**
         * How many requests are served at once; default 4.
         *
         * @throws IllegalArgumentException if outside 1 to 64
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("console threads must be 1 to 64, was " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * @throws IllegalStateException if neither a host nor a view was given, or both
         */
        public TaskConsole build() {
            if ((host == null) == (view == null)) {
                throw new IllegalStateException("a console needs one of taskHost(host) and view(view)");
            }
            return new TaskConsole(this);
        }
    }
}
