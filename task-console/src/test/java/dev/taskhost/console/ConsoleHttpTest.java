package dev.taskhost.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.TaskStatus;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console over real HTTP, on a real host on SQLite files (R60 to R63). */
class ConsoleHttpTest {
    private static final String[] XSS = {
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "</textarea><script>alert(3)</script>",
        "<svg onload=alert(4)>",
        "' onmouseover='alert(5)",
    };

    @TempDir
    Path dir;
    private ConsoleFixture fx;
    private Http http;
    private Map<String, String> bearer;
    private String origin;

    @BeforeEach
    void start() {
        fx = new ConsoleFixture(dir, false);
        http = new Http(fx.console.uri());
        bearer = Map.of("Authorization", "Bearer " + fx.console.token());
        origin = "http://" + fx.console.uri().getRawAuthority();
        fx.createQueue("mail");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String taskApi(String id) {
        return "/api/owners/shop/tasks/" + seg(id);
    }

    @Test
    void r60ListensOnLoopbackByDefault() {
        assertEquals("127.0.0.1", fx.console.uri().getHost());
        assertTrue(fx.console.token().length() >= 40, "a generated token carries 256 bits");
    }

    @Test
    void r60WithoutTokenNothingIsShown() {
        String id = fx.enqueue("mail", "secret-message");
        fx.awaitStatus(id, TaskStatus.COMPLETED);
        for (String path : List.of("/api/overview", taskApi(id), "/api/owners/shop/queues/mail",
                "/api/owners/shop/queues/mail/tasks", "/api/tasks/" + id)) {
            HttpResponse<String> r = http.get(path, Map.of());
            assertEquals(401, r.statusCode(), path);
            assertFalse(r.body().contains("secret-message") || r.body().contains("mail\""), path);
        }
        for (String path : List.of("/", "/owners/shop/queues/mail", "/owners/shop/tasks/" + id, "/search?id=" + id)) {
            HttpResponse<String> r = http.get(path, Map.of());
            assertEquals(303, r.statusCode(), path);
            assertEquals("/signin", r.headers().firstValue("Location").orElseThrow(), path);
            assertFalse(r.body().contains("secret-message"), path);
        }
    }

    @Test
    void r60AWrongTokenIsRefusedEvenBesideAGoodCookie() {
        String cookie = signIn();
        String wrong = fx.console.token().substring(1) + "x";
        assertEquals(401, http.get("/api/overview", Map.of("Authorization", "Bearer " + wrong)).statusCode());
        assertEquals(401, http.get("/api/overview", Map.of("Authorization", "Bearer " + wrong, "Cookie", cookie))
                .statusCode());
        assertEquals(401, http.get("/api/overview", Map.of("Authorization", "Basic " + fx.console.token()))
                .statusCode());
        assertEquals(303, http.get("/", Map.of("Cookie", "taskhost_console=" + wrong)).statusCode());
        assertEquals(200, http.get("/api/overview", bearer).statusCode());
    }

    @Test
    void r60BrowserSignsInOnceWithAnHttpOnlyStrictCookie() {
        HttpResponse<String> bad = http.post("/signin", "token=nope", Map.of("Origin", origin));
        assertEquals(401, bad.statusCode());
        assertTrue(bad.headers().firstValue("Set-Cookie").isEmpty());
        HttpResponse<String> ok = http.post("/signin", "token=" + seg(fx.console.token()), Map.of("Origin", origin));
        assertEquals(303, ok.statusCode());
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertFalse(setCookie.contains(fx.console.token()), "the cookie is a session, not the token");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        HttpResponse<String> page = http.get("/", Map.of("Cookie", cookie));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("mail"));
        assertEquals(200, http.get("/api/overview", Map.of("Cookie", cookie)).statusCode());
        // Signing in from another origin is refused too (no login CSRF).
        assertEquals(403, http.post("/signin", "token=" + seg(fx.console.token()),
                Map.of("Origin", "http://evil.example")).statusCode());
    }

    private String signIn() {
        HttpResponse<String> ok = http.post("/signin", "token=" + seg(fx.console.token()), Map.of("Origin", origin));
        String setCookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** Every action, at its page path and its API path. */
    private List<String> actionPaths(String failed, String pending, String running) {
        List<String> paths = new ArrayList<>();
        for (String prefix : List.of("", "/api")) {
            paths.add(prefix + "/owners/shop/tasks/" + seg(failed) + "/retry");
            paths.add(prefix + "/owners/shop/tasks/" + seg(pending) + "/cancel");
            paths.add(prefix + "/owners/shop/tasks/" + seg(running) + "/cancel-running");
            for (String action : List.of("pause", "resume", "clear", "retry-failed")) {
                paths.add(prefix + "/owners/shop/queues/mail/" + action);
            }
        }
        return paths;
    }

    @Test
    void r62ActionsFromAnotherOriginOrByGetOrWithoutTokenChangeNothing() {
        fx.createQueue("other");
        String failed = fx.enqueue("mail", "fail:boom");
        fx.awaitStatus(failed, TaskStatus.FAILED);
        String running = fx.enqueue("mail", "block");
        fx.awaitStatus(running, TaskStatus.RUNNING);
        fx.service.pauseQueue("mail");
        String pending = fx.enqueue("mail", "later");
        String cookie = signIn();
        for (String path : actionPaths(failed, pending, running)) {
            String form = "confirm=yes";
            assertEquals(403, http.post(path, form, Map.of("Authorization", bearer.get("Authorization"),
                    "Origin", "http://evil.example")).statusCode(), "foreign origin, bearer: " + path);
            assertEquals(403, http.post(path, form, Map.of("Cookie", cookie, "Origin", "http://evil.example"))
                    .statusCode(), "foreign origin, cookie: " + path);
            assertEquals(403, http.post(path, form, Map.of("Cookie", cookie, "Origin", origin,
                    "Sec-Fetch-Site", "cross-site")).statusCode(), "cross-site fetch: " + path);
            assertEquals(403, http.post(path, form, Map.of("Cookie", cookie)).statusCode(),
                    "cookie without origin: " + path);
            assertEquals(403, http.post(path, form, Map.of("Cookie", cookie, "Origin", "null")).statusCode(),
                    "opaque origin: " + path);
            HttpResponse<String> get = http.get(path, bearer);
            assertEquals(405, get.statusCode(), "GET: " + path);
            assertEquals("POST", get.headers().firstValue("Allow").orElseThrow(), path);
            int anonymous = http.post(path, form, Map.of("Origin", origin)).statusCode();
            assertTrue(anonymous == 401 || anonymous == 303, "no token: " + path + " gave " + anonymous);
        }
        assertEquals(TaskStatus.FAILED, fx.service.get(failed).status());
        assertEquals(TaskStatus.PENDING, fx.service.get(pending).status());
        assertEquals(TaskStatus.RUNNING, fx.service.get(running).status());
        assertTrue(fx.host.operator().queue("shop", "mail").orElseThrow().summary().paused());
    }

    @Test
    void r62r63ActionsWorkFromTheOwnOriginAndThePagesShowTheNewState() {
        String failed = fx.enqueue("mail", "fail:first");
        fx.awaitStatus(failed, TaskStatus.FAILED);
        String cookie = signIn();
        // Browser form: POST from the console's origin, then the page shows the new state (R63).
        HttpResponse<String> pause = http.post("/owners/shop/queues/mail/pause", "", Map.of("Cookie", cookie,
                "Origin", origin));
        assertEquals(303, pause.statusCode());
        String queuePage = http.get(pause.headers().firstValue("Location").orElseThrow(), Map.of("Cookie", cookie))
                .body();
        assertTrue(queuePage.contains(">paused<"), queuePage);
        assertTrue(http.get("/api/owners/shop/queues/mail", bearer).body().contains("\"paused\":true"));
        // API client: bearer token, no Origin (not a browser).
        HttpResponse<String> retried = http.post(taskApi(failed) + "/retry", "", bearer);
        assertEquals(200, retried.statusCode(), retried.body());
        assertTrue(retried.body().contains("\"status\":\"PENDING\""), retried.body());
        String taskPage = http.get("/owners/shop/tasks/" + failed, Map.of("Cookie", cookie)).body();
        assertTrue(taskPage.contains(">pending<"), taskPage);
        assertEquals(409, http.post(taskApi(failed) + "/retry", "", bearer).statusCode(), "pending is not retryable");
        assertEquals(200, http.post("/api/owners/shop/queues/mail/resume", "", bearer).statusCode());
        fx.awaitStatus(failed, TaskStatus.FAILED);
        assertTrue(http.get(taskApi(failed), bearer).body().contains("\"status\":\"FAILED\""));
        assertTrue(http.get("/owners/shop/tasks/" + failed, Map.of("Cookie", cookie)).body().contains(">failed<"));
        // Bulk actions need the confirmation.
        assertEquals(400, http.post("/owners/shop/queues/mail/retry-failed", "", Map.of("Cookie", cookie,
                "Origin", origin)).statusCode());
        String confirm = http.get("/owners/shop/queues/mail/confirm?action=retry-failed", Map.of("Cookie", cookie))
                .body();
        assertTrue(confirm.contains("name=\"confirm\" value=\"yes\""), confirm);
        fx.service.pauseQueue("mail");
        assertEquals(303, http.post("/owners/shop/queues/mail/retry-failed", "confirm=yes", Map.of("Cookie", cookie,
                "Origin", origin)).statusCode());
        assertEquals(TaskStatus.PENDING, fx.service.get(failed).status());
        HttpResponse<String> cleared = http.post("/api/owners/shop/queues/mail/clear", "", bearer);
        assertTrue(cleared.body().contains("\"affected\":1"), cleared.body());
        assertEquals(TaskStatus.CANCELLED, fx.service.get(failed).status());
        assertTrue(http.get("/owners/shop/tasks/" + failed, Map.of("Cookie", cookie)).body().contains(">cancelled<"));
    }

    @Test
    void r62r63CancelRunningInterruptsTheWorkerAndTheApiShowsCancelled() {
        String running = fx.enqueue("mail", "block");
        fx.awaitStatus(running, TaskStatus.RUNNING);
        assertEquals(409, http.post(taskApi(running) + "/cancel", "", bearer).statusCode());
        HttpResponse<String> r = http.post(taskApi(running) + "/cancel-running", "", bearer);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"status\":\"CANCELLED\""), r.body());
        assertEquals(TaskStatus.CANCELLED, fx.service.get(running).status());
    }

    @Test
    void r61ValuesFromTasksAndQueuesAreEscapedOnEveryPage() {
        List<String> ids = new ArrayList<>();
        for (String xss : XSS) {
            fx.createQueue(xss);
            ids.add(fx.enqueue(xss, xss));                       // a completed task's message
            ids.add(fx.enqueue(xss, "fail:" + xss));             // an exception's message
            fx.awaitStatus(ids.get(ids.size() - 2), TaskStatus.COMPLETED);
            fx.awaitStatus(ids.get(ids.size() - 1), TaskStatus.FAILED);
            fx.service.pauseQueue(xss);
            ids.add(fx.service.enqueue(xss, xss.getBytes(StandardCharsets.UTF_8),
                    EnqueueOptions.builder().key(xss).build())); // a key
        }
        String cookie = signIn();
        Map<String, String> auth = Map.of("Cookie", cookie);
        List<String> pages = new ArrayList<>(List.of("/", "/search?id=" + seg(XSS[0])));
        for (String xss : XSS) {
            String q = "/owners/shop/queues/" + seg(xss);
            pages.add(q);
            for (TaskStatus s : TaskStatus.values()) {
                pages.add(q + "?status=" + s.name());
            }
            pages.add(q + "?find=" + seg(xss));
            pages.add(q + "/confirm?action=clear");
            pages.add(q + "/confirm?action=retry-failed");
            pages.add(q + "/confirm?action=" + seg(xss));
            pages.add("/owners/shop/queues/" + seg(xss + "missing"));
            pages.add("/owners/" + seg(xss) + "/tasks/" + seg(xss));
        }
        ids.forEach(id -> pages.add("/owners/shop/tasks/" + id));
        int shown = 0;
        for (String page : pages) {
            HttpResponse<String> r = http.get(page, auth);
            assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"), page);
            assertEquals(ConsoleCsp.EXPECTED, r.headers().firstValue("Content-Security-Policy").orElse(""), page);
            for (String xss : XSS) {
                assertFalse(r.body().contains(xss), page + " shows unescaped " + xss);
                if (r.body().contains(escaped(xss))) {
                    shown++;
                }
            }
            assertFalse(r.body().contains("<script>"), page + " has an inline script");
            assertFalse(r.body().contains("<img"), page + " has an injected element");
            assertFalse(r.body().contains("<svg onload"), page);
        }
        assertTrue(shown > 50, "the values are shown, escaped (" + shown + " times)");
        // The JSON API escapes for HTML too, so a response sniffed as a page injects nothing.
        HttpResponse<String> api = http.get("/api/overview", bearer);
        assertTrue(api.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        for (String xss : XSS) {
            assertFalse(api.body().contains(xss), "API shows raw " + xss);
        }
    }

    @Test
    void r61PayloadPreviewsEscapeTheirTextAndShowHexForBytes() {
        fx.createQueue("payloads");
        fx.service.pauseQueue("payloads");
        Map<String, String> textIds = new java.util.LinkedHashMap<>();
        Map<String, String> hexIds = new java.util.LinkedHashMap<>();
        for (String xss : XSS) {
            // As text: UTF-8 without control characters.
            textIds.put(fx.enqueue("payloads", xss), xss);
            // As hex: the same text with a NUL, so that it is not shown as text.
            byte[] withNul = (xss + "\0").getBytes(StandardCharsets.UTF_8);
            hexIds.put(fx.service.enqueue("payloads", withNul), java.util.HexFormat.ofDelimiter(" ")
                    .formatHex(withNul));
        }
        // Cut to the preview's 4 KiB, in the middle of the payload's markup.
        String longXss = "x".repeat(4090) + XSS[0];
        String cut = fx.enqueue("payloads", longXss);
        String cookie = signIn();
        Map<String, String> auth = Map.of("Cookie", cookie);

        textIds.forEach((id, xss) -> {
            String page = http.get("/owners/shop/tasks/" + id, auth).body();
            assertFalse(page.contains(xss), id + " shows its payload unescaped");
            assertTrue(page.contains("<pre class=\"payload\">" + escaped(xss) + "</pre>"), id + " shows it escaped");
            assertTrue(page.contains(", as text"), id + " as text");
            String api = http.get(taskApi(id), bearer).body();
            assertFalse(api.contains(xss), "the API shows raw " + xss + ": " + api);
            assertTrue(api.contains("\"payload\":{"), api);
        });
        hexIds.forEach((id, hex) -> {
            String page = http.get("/owners/shop/tasks/" + id, auth).body();
            assertTrue(page.contains("<pre class=\"payload\">" + hex + "</pre>"), id + " shows its hex");
            assertTrue(page.contains(", as hex"), id + " as hex");
            for (String xss : XSS) {
                assertFalse(page.contains(xss), id + " shows a payload unescaped");
            }
            String api = http.get(taskApi(id), bearer).body();
            assertTrue(api.contains("\"hex\":\"" + hex + "\""), api);
        });
        String page = http.get("/owners/shop/tasks/" + cut, auth).body();
        assertTrue(page.contains("4115 bytes, the first 4096 shown, as text"), "the cut preview's size");
        assertTrue(page.contains("x".repeat(4090) + "&lt;scrip</pre>"), "the cut preview is escaped");
        assertFalse(page.contains("x<scrip"), "the cut preview is escaped");
    }

    private static String escaped(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    @Test
    void r61EveryHtmlResponseCarriesTheCsp() {
        String id = fx.enqueue("mail", "x");
        fx.awaitStatus(id, TaskStatus.COMPLETED);
        String cookie = signIn();
        for (String page : List.of("/signin", "/", "/owners/shop/queues/mail", "/owners/shop/tasks/" + id,
                "/owners/shop/tasks/nope", "/nowhere", "/search?id=nope")) {
            HttpResponse<String> r = http.get(page, Map.of("Cookie", cookie));
            assertEquals(ConsoleCsp.EXPECTED, r.headers().firstValue("Content-Security-Policy").orElse(""), page);
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""), page);
            assertFalse(r.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), page + " has an inline script");
            assertFalse(r.body().contains(" style="), page + " has an inline style");
        }
        assertTrue(http.get("/static/console.js", Map.of()).body().contains("visibilityState"));
    }

    @Test
    void r62ReadOnlyConsoleHasNoFormsToActAndRefusesEveryPost() {
        String failed = fx.enqueue("mail", "fail:x");
        fx.awaitStatus(failed, TaskStatus.FAILED);
        String pending = fx.enqueue("mail", "x");
        try (TaskConsole readOnly = TaskConsole.builder().taskHost(fx.host).readOnly(true).build()) {
            readOnly.start();
            Http ro = new Http(readOnly.uri());
            Map<String, String> auth = Map.of("Authorization", "Bearer " + readOnly.token());
            for (String page : List.of("/", "/owners/shop/queues/mail", "/owners/shop/queues/mail?status=FAILED",
                    "/owners/shop/tasks/" + failed, "/owners/shop/tasks/" + pending)) {
                String body = ro.get(page, auth).body();
                assertFalse(body.contains("method=\"post\""), page + " has a form that acts");
                assertFalse(body.contains("/confirm?"), page + " links to a bulk action");
            }
            assertEquals(403, ro.get("/owners/shop/queues/mail/confirm?action=clear", auth).statusCode());
            String ownOrigin = "http://" + readOnly.uri().getRawAuthority();
            for (String path : actionPaths(failed, pending, pending)) {
                assertEquals(403, ro.post(path, "confirm=yes", Map.of("Authorization", auth.get("Authorization"),
                        "Origin", ownOrigin)).statusCode(), path);
            }
            assertEquals(200, ro.get("/api/overview", auth).statusCode());
            assertTrue(ro.get("/api/overview", auth).body().contains("\"readOnly\":true"));
        }
        assertEquals(TaskStatus.FAILED, fx.service.get(failed).status());
    }

    @Test
    void r63ApiListsTasksByStatusInPagesAndFindsByKey() {
        fx.service.pauseQueue("mail");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(fx.service.enqueue("mail", new byte[] {1, 2, (byte) i}, EnqueueOptions.builder().key("k" + i)
                    .build()));
        }
        String first = http.get("/api/owners/shop/queues/mail/tasks?status=PENDING&limit=3", bearer).body();
        assertTrue(first.contains(ids.get(0)) && first.contains(ids.get(2)) && !first.contains(ids.get(3)), first);
        String cursor = first.replaceAll("(?s).*\"nextCursor\":\"([^\"]+)\".*", "$1");
        String second = http.get("/api/owners/shop/queues/mail/tasks?status=PENDING&limit=3&cursor=" + seg(cursor),
                bearer).body();
        assertTrue(second.contains(ids.get(3)) && second.contains(ids.get(4)) && second.contains("\"nextCursor\":null"),
                second);
        assertTrue(http.get("/api/owners/shop/queues/mail/keys/k2", bearer).body().contains(ids.get(2)));
        assertEquals(404, http.get("/api/owners/shop/queues/mail/keys/none", bearer).statusCode());
        assertTrue(http.get("/api/tasks/" + ids.get(1), bearer).body().contains("\"owner\":\"shop\""));
        assertEquals(404, http.get("/api/owners/other/tasks/" + ids.get(1), bearer).statusCode(), "R2 across owners");
        assertEquals(400, http.get("/api/owners/shop/queues/mail/tasks?cursor=bogus", bearer).statusCode());
        String page = http.get("/owners/shop/queues/mail?find=k4", bearer).body();
        assertTrue(page.contains(ids.get(4)), "the queue page finds a task by key");
    }
}
