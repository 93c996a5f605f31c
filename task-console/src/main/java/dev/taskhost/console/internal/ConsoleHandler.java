package dev.taskhost.console.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskNotRetryableException;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.OperatorActions;
import dev.taskhost.core.OperatorHost;
import dev.taskhost.core.OperatorQueue;
import dev.taskhost.core.OperatorTask;
import dev.taskhost.core.OperatorView;
import dev.taskhost.core.PayloadPreview;
import dev.taskhost.core.QueueActivity;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the console: the sign-in, the pages, the JSON API under {@code /api}, and the
 * static files. Checks, in order: the access token or a session (R60); for a POST, the origin
 * (R62); then the route. Works mounted at any context path of any {@code HttpServer}. Thread-safe.
 */
public final class ConsoleHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
    /** No inline script or style anywhere, no framing, forms and fetches to this origin only (R61). */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final int MAX_FORM_BYTES = 8192;
    private static final int PAGE_SIZE = 50;
    private static final int PREVIEW_BYTES = 4096;
    private static final int BULK_RETRY_LIMIT = 10_000;
    private static final Set<String> TASK_ACTIONS = Set.of("retry", "cancel", "cancel-running");
    private static final Set<String> QUEUE_ACTIONS = Set.of("pause", "resume", "clear", "retry-failed");

    private final OperatorView view;
    private final Optional<OperatorActions> actions;
    private final Access access;
    private final SignInLimit limit;

    /**
     * @param actions empty for a read-only console (R62)
     */
    public ConsoleHandler(OperatorView view, Optional<OperatorActions> actions, String token, Clock clock) {
        this.view = view;
        this.actions = actions;
        this.access = new Access(token, clock);
        this.limit = new SignInLimit(clock);
    }

    /** A new random token (256 bits). */
    public static String newToken() {
        return Access.newToken();
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String base = exchange.getHttpContext().getPath().replaceAll("/+$", "");
            Request request;
            try {
                String raw = exchange.getRequestURI().getRawPath();
                request = new Request(exchange, base, Paths.segments(raw.substring(Math.min(base.length(), raw.length()))),
                        Paths.query(exchange.getRequestURI().getRawQuery()));
            } catch (IllegalArgumentException badUri) {
                send(exchange, 400, "text/plain; charset=utf-8", badUri.getMessage());
                return;
            }
            try {
                route(request);
            } catch (MethodNotAllowed e) {
                exchange.getResponseHeaders().set("Allow", e.allowed);
                request.fail(405, e.getMessage());
            } catch (TaskNotFoundException | QueueNotFoundException e) {
                request.fail(404, e.getMessage());
            } catch (TaskNotCancellableException | TaskNotRetryableException e) {
                request.fail(409, e.getMessage());
            } catch (IllegalArgumentException e) {
                request.fail(400, e.getMessage());
            } catch (TaskStoreException e) {
                LOG.error("console: the store failed for {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                request.fail(503, "the store failed: " + e.getMessage());
            } catch (IllegalStateException e) {
                request.fail(503, e.getMessage());
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("console: {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
        }
    }

    private void route(Request r) throws IOException {
        List<String> p = r.path;
        Optional<String> badHost = badHost(r.exchange);
        if (badHost.isPresent()) {
            r.fail(421, badHost.get());
            return;
        }
        if (p.size() == 2 && p.get(0).equals("static")) {
            r.requireMethod("GET");
            Static.serve(r.exchange, p.get(1));
            return;
        }
        if (p.equals(List.of("signin"))) {
            signIn(r);
            return;
        }
        boolean bearer = r.headers().getFirst("Authorization") != null;
        if (bearer && tooManyWrong(r)) {
            return;
        }
        if (access.check(r.headers()).isEmpty()) {
            if (bearer) {
                limit.wrong(r.exchange.getRemoteAddress().getAddress());
            }
            if (r.api) {
                r.exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"taskhost console\"");
                r.fail(401, "the console needs its access token: Authorization: Bearer <token> (R60)");
            } else {
                r.redirect(r.base + "/signin");
            }
            return;
        }
        if (r.method.equals("POST")) {
            if (!sameOrigin(r.headers())) {
                r.fail(403, "actions must come from the console's own origin (R62)");
                return;
            }
            if (p.equals(List.of("signout"))) {
                access.closeSession(r.headers());
                r.exchange.getResponseHeaders().add("Set-Cookie", Access.expiredCookie(cookiePath(r)));
                r.redirect(r.base + "/signin");
                return;
            }
            if (actions.isEmpty()) {
                r.fail(403, "this console is read-only (R62)");
                return;
            }
        }
        if (r.api) {
            api(r, p.subList(1, p.size()));
        } else {
            page(r, p);
        }
    }

    private void signIn(Request r) throws IOException {
        Pages pages = r.pages();
        if (r.method.equals("GET")) {
            r.html(200, pages.signIn(Optional.empty()));
            return;
        }
        r.requireMethod("POST");
        if (!sameOrigin(r.headers())) {
            r.fail(403, "sign in from the console's own page (R62)");
            return;
        }
        if (tooManyWrong(r)) {
            return;
        }
        String token = r.form().getOrDefault("token", "");
        if (!access.isToken(token)) {
            limit.wrong(r.exchange.getRemoteAddress().getAddress());
            r.html(401, pages.signIn(Optional.of("That is not the console's token.")));
            return;
        }
        r.exchange.getResponseHeaders().add("Set-Cookie", Access.sessionCookie(access.openSession(), cookiePath(r)));
        r.redirect(r.base + "/");
    }

    /**
     * Refuses, with 429 and {@code Retry-After}, an address that gave {@value SignInLimit#MAX_WRONG}
     * wrong tokens within a minute, before its token is even looked at.
     */
    private boolean tooManyWrong(Request r) throws IOException {
        Optional<Duration> wait = limit.blocked(r.exchange.getRemoteAddress().getAddress());
        if (wait.isEmpty()) {
            return false;
        }
        long seconds = Math.max(1, wait.get().toSeconds() + (wait.get().toNanosPart() > 0 ? 1 : 0));
        r.exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
        r.fail(429, "too many wrong tokens from this address; try again in " + seconds + " s");
        return true;
    }

    /**
     * Against DNS rebinding: on a loopback address, a page of another site whose name was made to
     * point at 127.0.0.1 reaches the console with its own name in {@code Host}. Only localhost,
     * 127.0.0.1 and [::1], with the console's port, are loopback names. Elsewhere the name is the
     * operator's business (a proxy, a DNS name), and the token guards.
     */
    static Optional<String> badHost(HttpExchange exchange) {
        // The server's bind address, not the connection's: a console bound to every address is reached
        // through loopback by a local proxy that forwards its own Host.
        java.net.InetSocketAddress local = exchange.getHttpContext().getServer().getAddress();
        if (local == null || !local.getAddress().isLoopbackAddress()) {
            return Optional.empty();
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        return hostIsLoopback(host, local.getPort()) ? Optional.empty()
                : Optional.of("the console listens on loopback and answers only to localhost, 127.0.0.1 or [::1] "
                        + "with port " + local.getPort() + " in Host, not to "
                        + (host == null ? "a request without Host" : "'" + host + "'"));
    }

    static boolean hostIsLoopback(String host, int port) {
        if (host == null) {
            return false;
        }
        String name = host.trim().toLowerCase(Locale.ROOT);
        String portPart = "";
        int colon = name.lastIndexOf(':');
        if (colon >= 0 && !name.endsWith("]")) {
            portPart = name.substring(colon + 1);
            name = name.substring(0, colon);
        }
        if (!name.equals("localhost") && !name.equals("127.0.0.1") && !name.equals("[::1]")) {
            return false;
        }
        return portPart.isEmpty() ? port == 80 : portPart.equals(Integer.toString(port));
    }

    private static String cookiePath(Request r) {
        return r.base.isEmpty() ? "/" : r.base;
    }

    /**
     * R62: a browser names the page a request comes from in {@code Origin} (every POST from a
     * modern browser does) and in {@code Sec-Fetch-Site}; both must say this console. A client
     * that sends neither is no browser, and is let through by its token alone, which a cross-site
     * page cannot make a browser send.
     */
    private static boolean sameOrigin(Headers headers) {
        String fetchSite = headers.getFirst("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
            return false;
        }
        String origin = headers.getFirst("Origin");
        String host = headers.getFirst("Host");
        if (origin == null) {
            return fetchSite != null || headers.getFirst("Cookie") == null || headers.getFirst("Authorization") != null;
        }
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException badOrigin) {
            return false;
        }
    }

    // ---- pages ----

    private void page(Request r, List<String> p) throws IOException {
        Pages pages = r.pages();
        if (p.isEmpty()) {
            r.requireMethod("GET");
            List<OperatorQueue> queues = view.queues();
            Activities activities = new Activities();
            r.html(200, pages.overview(view.owners(), queues, activities::of, view.hosts(), view.hostsTracked()));
            return;
        }
        if (p.size() == 3 && p.get(0).equals("owners") && p.get(2).equals("schedules")) {
            r.requireMethod("GET");
            String owner = requireOwner(p.get(1));
            r.html(200, pages.schedules(owner, view.schedules(owner)));
            return;
        }
        if (p.equals(List.of("search"))) {
            r.requireMethod("GET");
            String id = r.query.getOrDefault("id", "").trim();
            Optional<OperatorTask> found = id.isEmpty() ? Optional.empty() : view.findTask(id);
            if (found.isPresent()) {
                r.redirect(pages.taskPath(found.get().owner(), found.get().task().id()));
            } else {
                r.html(404, pages.notFound("No owner has a task with the id '" + id + "'."));
            }
            return;
        }
        if (p.size() >= 4 && p.get(0).equals("owners") && p.get(2).equals("queues")) {
            String owner = p.get(1);
            String queueName = p.get(3);
            if (p.size() == 4) {
                r.requireMethod("GET");
                queuePage(r, owner, queueName);
                return;
            }
            if (p.size() == 5 && p.get(4).equals("confirm")) {
                r.requireMethod("GET");
                String action = r.query.getOrDefault("action", "");
                if (!action.equals("clear") && !action.equals("retry-failed")) {
                    throw new IllegalArgumentException("action '" + action + "' needs no confirmation; "
                            + "clear or retry-failed do");
                }
                if (actions.isEmpty()) {
                    r.fail(403, "this console is read-only (R62)");
                    return;
                }
                r.html(200, pages.confirm(requireQueue(owner, queueName), action));
                return;
            }
            if (p.size() == 5 && QUEUE_ACTIONS.contains(p.get(4))) {
                r.requireMethod("POST");
                String action = p.get(4);
                if ((action.equals("clear") || action.equals("retry-failed"))
                        && !r.form().getOrDefault("confirm", "").equals("yes")) {
                    throw new IllegalArgumentException("a bulk " + action + " needs confirm=yes");
                }
                queueAction(owner, queueName, action);
                r.redirect(pages.queuePath(owner, queueName));
                return;
            }
        }
        if (p.size() >= 4 && p.get(0).equals("owners") && p.get(2).equals("tasks")) {
            String owner = p.get(1);
            String id = p.get(3);
            if (p.size() == 4) {
                r.requireMethod("GET");
                OperatorTask task = view.task(owner, id).orElseThrow(() -> taskNotFound(owner, id));
                Optional<PayloadPreview> payload = view.payload(owner, id, PREVIEW_BYTES);
                r.html(200, pages.task(task, payload, r.base + "/api/owners/" + Paths.segment(owner) + "/tasks/"
                        + Paths.segment(id)));
                return;
            }
            if (p.size() == 5 && TASK_ACTIONS.contains(p.get(4))) {
                r.requireMethod("POST");
                taskAction(owner, id, p.get(4));
                r.redirect(pages.taskPath(owner, id));
                return;
            }
        }
        r.fail(404, "no page at " + r.exchange.getRequestURI().getRawPath());
    }

    private void queuePage(Request r, String owner, String queueName) throws IOException {
        OperatorQueue queue = requireQueue(owner, queueName);
        Optional<TaskStatus> status = r.status();
        Optional<String> cursor = Optional.ofNullable(r.query.get("cursor")).filter(c -> !c.isEmpty());
        Optional<String> find = Optional.ofNullable(r.query.get("find")).map(String::trim).filter(f -> !f.isEmpty());
        Optional<OperatorTask> found = find.flatMap(f -> view.task(owner, f)
                .filter(t -> t.task().queueName().equals(queueName))
                .or(() -> view.findByKey(owner, queueName, f)));
        TaskPage page = view.tasks(owner, queueName, status, cursor, PAGE_SIZE);
        r.html(200, r.pages().queue(queue, view.running(owner, queueName), status, page, cursor, find, found,
                view.hosts(), view.hostsTracked()));
    }

    /** The owner, if the store or this host knows it (404 otherwise, as for an unknown queue). */
    private String requireOwner(String owner) {
        if (!view.owners().contains(owner)) {
            throw new QueueNotFoundException("no owner '" + owner + "'");
        }
        return owner;
    }

    private OperatorQueue requireQueue(String owner, String queueName) {
        return view.queue(owner, queueName).orElseThrow(() -> new QueueNotFoundException("owner '" + owner
                + "' has no queue '" + queueName + "'"));
    }

    private static TaskNotFoundException taskNotFound(String owner, String id) {
        return new TaskNotFoundException("owner '" + owner + "' has no task '" + id + "'");
    }

    private long queueAction(String owner, String queueName, String action) {
        OperatorActions act = actions.orElseThrow();
        switch (action) {
            case "pause" -> act.pause(owner, queueName);
            case "resume" -> act.resume(owner, queueName);
            case "clear" -> {
                return act.clear(owner, queueName);
            }
            case "retry-failed" -> {
                return act.retryFailed(owner, queueName, BULK_RETRY_LIMIT);
            }
            default -> throw new IllegalArgumentException("unknown queue action '" + action + "'");
        }
        return 0;
    }

    private void taskAction(String owner, String id, String action) {
        OperatorActions act = actions.orElseThrow();
        switch (action) {
            case "retry" -> act.retry(owner, id);
            case "cancel" -> act.cancel(owner, id, false);
            case "cancel-running" -> act.cancel(owner, id, true);
            default -> throw new IllegalArgumentException("unknown task action '" + action + "'");
        }
    }

    // ---- JSON API ----

    private void api(Request r, List<String> p) throws IOException {
        if (p.equals(List.of("overview"))) {
            r.requireMethod("GET");
            Activities activities = new Activities();
            List<Object> queues = view.queues().stream()
                    .map(q -> (Object) queueJson(q, false, activities.of(q))).toList();
            r.json(200, Map.of("owners", view.owners(), "queues", queues, "readOnly", actions.isEmpty(),
                    "hostsTracked", view.hostsTracked()));
            return;
        }
        if (p.equals(List.of("hosts"))) {
            r.requireMethod("GET");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("tracked", view.hostsTracked());
            body.put("hosts", view.hosts().stream().map(ConsoleHandler::hostJson).toList());
            r.json(200, body);
            return;
        }
        if (p.size() == 2 && p.get(0).equals("tasks")) {
            r.requireMethod("GET");
            OperatorTask task = view.findTask(p.get(1)).orElseThrow(() -> new TaskNotFoundException(
                    "no owner has a task '" + p.get(1) + "'"));
            r.json(200, taskJson(task.owner(), task.task(), Optional.empty()));
            return;
        }
        if (p.size() == 3 && p.get(0).equals("owners") && p.get(2).equals("schedules")) {
            r.requireMethod("GET");
            String owner = requireOwner(p.get(1));
            r.json(200, Map.of("owner", owner, "schedules", view.schedules(owner).stream()
                    .map(ConsoleHandler::scheduleJson).toList()));
            return;
        }
        if (p.size() >= 4 && p.get(0).equals("owners") && p.get(2).equals("queues")) {
            String owner = p.get(1);
            String queueName = p.get(3);
            if (p.size() == 4) {
                r.requireMethod("GET");
                r.json(200, queueJson(requireQueue(owner, queueName), true, view.activity(owner, queueName)));
                return;
            }
            if (p.size() == 5 && p.get(4).equals("tasks")) {
                r.requireMethod("GET");
                int limit = r.intQuery("limit", PAGE_SIZE);
                TaskPage page = view.tasks(owner, queueName, r.status(),
                        Optional.ofNullable(r.query.get("cursor")).filter(c -> !c.isEmpty()), limit);
                r.json(200, Map.of("tasks", page.tasks().stream().map(t -> taskJson(owner, t, Optional.empty())).toList(),
                        "nextCursor", page.nextCursor()));
                return;
            }
            if (p.size() == 6 && p.get(4).equals("keys")) {
                r.requireMethod("GET");
                OperatorTask task = view.findByKey(owner, queueName, p.get(5)).orElseThrow(() ->
                        new TaskNotFoundException("no unfinished task of queue '" + queueName + "' holds key '"
                                + p.get(5) + "'"));
                r.json(200, taskJson(owner, task.task(), Optional.empty()));
                return;
            }
            if (p.size() == 5 && QUEUE_ACTIONS.contains(p.get(4))) {
                r.requireMethod("POST");
                long count = queueAction(owner, queueName, p.get(4));
                Map<String, Object> body = new LinkedHashMap<>(queueJson(requireQueue(owner, queueName), false,
                        view.activity(owner, queueName)));
                body.put("affected", count);
                r.json(200, body);
                return;
            }
        }
        if (p.size() >= 4 && p.get(0).equals("owners") && p.get(2).equals("tasks")) {
            String owner = p.get(1);
            String id = p.get(3);
            if (p.size() == 4) {
                r.requireMethod("GET");
                OperatorTask task = view.task(owner, id).orElseThrow(() -> taskNotFound(owner, id));
                r.json(200, taskJson(owner, task.task(), view.payload(owner, id, PREVIEW_BYTES)));
                return;
            }
            if (p.size() == 5 && TASK_ACTIONS.contains(p.get(4))) {
                r.requireMethod("POST");
                taskAction(owner, id, p.get(4));
                OperatorTask task = view.task(owner, id).orElseThrow(() -> taskNotFound(owner, id));
                r.json(200, taskJson(owner, task.task(), Optional.empty()));
                return;
            }
        }
        r.fail(404, "no API at " + r.exchange.getRequestURI().getRawPath());
    }

    /** Each owner's activity, read once per owner for one response. */
    private final class Activities {
        private final Map<String, Map<String, QueueActivity>> byOwner = new java.util.HashMap<>();

        Optional<QueueActivity> of(OperatorQueue q) {
            return Optional.ofNullable(byOwner.computeIfAbsent(q.owner(), view::activities).get(q.name()));
        }
    }

    private static Map<String, Object> hostJson(OperatorHost host) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", host.id());
        json.put("name", host.name());
        json.put("pid", host.pid());
        json.put("startedAt", host.startedAt().toString());
        json.put("lastSeen", host.lastSeen().toString());
        json.put("thisHost", host.thisHost());
        json.put("runs", host.runs().stream().map(run -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("owner", run.owner());
            r.put("queue", run.queue());
            r.put("running", run.running());
            return r;
        }).toList());
        return json;
    }

    private Map<String, Object> queueJson(OperatorQueue q, boolean detail, Optional<QueueActivity> activity) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("owner", q.owner());
        json.put("name", q.name());
        json.put("paused", q.summary().paused());
        json.put("runsHere", q.runsHere());
        json.put("liveHosts", q.liveHosts());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("concurrency", q.summary().config().concurrency());
        config.put("maxRetries", q.summary().config().maxRetries());
        config.put("backoffMillis", q.summary().config().backoff().toMillis());
        config.put("delayMillis", q.summary().config().delay().toMillis());
        config.put("retentionMillis", q.summary().config().retention().toMillis());
        config.put("timeoutMillis", q.summary().config().timeout().toMillis());
        json.put("config", config);
        Map<String, Object> counts = new LinkedHashMap<>();
        q.summary().counts().forEach((status, n) -> counts.put(status.name(), n));
        json.put("counts", counts);
        json.put("activity", activity.map(a -> Map.of("firstMinute", a.firstMinute().toString(),
                "starts", a.starts(), "completions", a.completions(), "failures", a.failures())));
        if (detail) {
            json.put("running", view.running(q.owner(), q.name()).stream()
                    .map(t -> taskJson(q.owner(), t, Optional.empty())).toList());
        }
        return json;
    }

    private static Map<String, Object> scheduleJson(ScheduleInfo s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", s.name());
        json.put("queue", s.queueName());
        json.put("schedule", s.schedule().toString());
        json.put("everyMillis", s.schedule().interval().map(Duration::toMillis));
        json.put("cron", s.schedule().expression());
        // An interval has no zone; a cron expression is read on its zone's wall clock.
        json.put("zone", s.schedule().expression().map(e -> s.schedule().zone().getId()));
        json.put("nextFire", s.nextFire().map(Object::toString));
        json.put("lastFire", s.lastFire().map(Object::toString));
        return json;
    }

    private static Map<String, Object> taskJson(String owner, TaskInfo t, Optional<PayloadPreview> payload) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("owner", owner);
        json.put("id", t.id());
        json.put("queue", t.queueName());
        json.put("status", t.status().name());
        json.put("message", t.message());
        json.put("attempt", t.attempt());
        json.put("priority", t.priority());
        json.put("key", t.key());
        json.put("createdAt", t.createdAt().toString());
        json.put("updatedAt", t.updatedAt().toString());
        json.put("readyAt", t.readyAt().map(Object::toString));
        json.put("progress", t.progress().map(p -> Map.of("percent", p.percent(), "note", p.note(),
                "reportedAt", p.reportedAt().toString())));
        payload.ifPresent(p -> {
            Map<String, Object> preview = new LinkedHashMap<>();
            preview.put("size", p.size());
            preview.put("truncated", p.truncated());
            preview.put("text", p.text());
            preview.put("hex", p.text().isPresent() ? Optional.empty() : Optional.of(p.hex()));
            json.put("payload", preview);
        });
        return json;
    }

    // ---- plumbing ----

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", type);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Cache-Control", "no-store");
        // Not no-referrer: under it a browser sends "Origin: null" with its POSTs, and the origin check needs it.
        headers.set("Referrer-Policy", "same-origin");
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", CSP);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head || bytes.length == 0 ? -1 : bytes.length);
        if (!head && bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** One request, parsed. */
    private final class Request {
        final HttpExchange exchange;
        final String base;
        final List<String> path;
        final Map<String, String> query;
        final String method;
        final boolean api;
        private Map<String, String> form;

        Request(HttpExchange exchange, String base, List<String> path, Map<String, String> query) {
            this.exchange = exchange;
            this.base = base;
            this.path = path;
            this.query = query;
            this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            this.api = !path.isEmpty() && path.get(0).equals("api");
        }

        Headers headers() {
            return exchange.getRequestHeaders();
        }

        Pages pages() {
            return new Pages(base, actions.isEmpty());
        }

        void requireMethod(String allowed) {
            if (!method.equals(allowed)) {
                throw new MethodNotAllowed(allowed);
            }
        }

        Optional<TaskStatus> status() {
            String s = query.getOrDefault("status", "");
            if (s.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(TaskStatus.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("status '" + s + "' is not one of PENDING, RUNNING, COMPLETED, "
                        + "FAILED, CANCELLED");
            }
        }

        int intQuery(String name, int fallback) {
            String value = query.get(name);
            if (value == null || value.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " '" + value + "' is not a whole number");
            }
        }

        Map<String, String> form() throws IOException {
            if (form == null) {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readNBytes(MAX_FORM_BYTES + 1);
                    if (body.length > MAX_FORM_BYTES) {
                        throw new IllegalArgumentException("a form of more than " + MAX_FORM_BYTES + " bytes");
                    }
                    form = Paths.query(new String(body, StandardCharsets.UTF_8));
                }
            }
            return form;
        }

        void html(int status, String body) throws IOException {
            send(exchange, status, "text/html; charset=utf-8", body);
        }

        void json(int status, Object body) throws IOException {
            send(exchange, status, "application/json; charset=utf-8", Json.write(body));
        }

        void redirect(String location) throws IOException {
            exchange.getResponseHeaders().set("Location", location.isEmpty() ? "/" : location);
            send(exchange, 303, "text/plain; charset=utf-8", "");
        }

        void fail(int status, String message) throws IOException {
            if (api) {
                json(status, Map.of("error", message, "status", status));
            } else {
                html(status, pages().error(status, message));
            }
        }
    }

    /** A route that exists, asked for with a method it does not answer (405). */
    private static final class MethodNotAllowed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final String allowed;

        MethodNotAllowed(String allowed) {
            super("this path answers " + allowed + " only");
            this.allowed = allowed;
        }
    }
}
