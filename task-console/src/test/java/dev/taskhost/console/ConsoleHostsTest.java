package dev.taskhost.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.core.OperatorHost;
import dev.taskhost.core.StoreView;
import dev.taskhost.store.sqlite.SqliteTaskStoreProvider;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's live hosts over real HTTP (R35, R61): the hosts section and {@code GET /api/hosts},
 * the hint on a queue that no live host runs, and every host and queue name escaped.
 */
class ConsoleHostsTest {
    /** The hint, shown; where a live host runs the queue it is there but hidden, for the refresh to flip. */
    private static final String HINT = "data-no-live-host title=";
    private static final String[] XSS = {
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(2)>",
        "</textarea><script>alert(3)</script>",
        "<svg onload=alert(4)>",
        "' onmouseover='alert(5)",
    };

    @TempDir
    Path dir;

    private static String seg(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String escaped(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static Map<String, String> bearer(TaskConsole console) {
        return Map.of("Authorization", "Bearer " + console.token());
    }

    @Test
    void r35HostsApiAndSectionShowThisHostWithWhatItRuns() {
        try (ConsoleFixture fx = new ConsoleFixture(dir, false)) {
            fx.createQueue("mail");
            Http http = new Http(fx.console.uri());
            ConsoleFixture.awaitTrue(() -> http.get("/api/hosts", bearer(fx.console)).body()
                    .contains("\"queue\":\"mail\""), "the host's beat to tell that it runs mail");
            HttpResponse<String> api = http.get("/api/hosts", bearer(fx.console));
            assertEquals(200, api.statusCode());
            assertTrue(api.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
            String body = api.body();
            assertTrue(body.startsWith("{\"tracked\":true,\"hosts\":[{\"id\":\""), body);
            assertTrue(body.contains("\"pid\":" + ProcessHandle.current().pid() + ","), body);
            assertTrue(body.contains("\"thisHost\":true"), body);
            assertTrue(body.contains("\"runs\":[{\"owner\":\"shop\",\"queue\":\"mail\",\"running\":0}]"), body);
            assertTrue(body.contains("\"startedAt\":\"") && body.contains("\"lastSeen\":\""), body);

            String id = fx.host.operator().hosts().get(0).id();
            HttpResponse<String> page = http.get("/", bearer(fx.console));
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<h2>Hosts</h2><table class=\"hosts\" data-hosts>"), page.body());
            assertTrue(page.body().contains("<p class=\"hint\" data-no-hosts hidden>"), "the no-host hint, hidden");
            assertTrue(page.body().contains("<tr data-host=\"" + id + "\"><td data-host-field=\"name\">"), page.body());
            assertTrue(page.body().contains("<span class=\"badge\">this host</span>"), page.body());
            assertTrue(page.body().contains(">shop / mail</a> (0)</li>"), page.body());
            assertFalse(page.body().contains(HINT), "the host runs its one queue");
            assertTrue(page.body().contains("data-no-live-host hidden"), "the hint is hidden");
            String overview = http.get("/api/overview", bearer(fx.console)).body();
            assertTrue(overview.contains("\"liveHosts\":[\"" + id + "\"]"), overview);
            assertTrue(overview.contains("\"hostsTracked\":true"), overview);

            assertEquals(401, http.get("/api/hosts", Map.of()).statusCode(), "no token, no hosts (R60)");
            assertEquals(405, http.post("/api/hosts", "", bearer(fx.console)).statusCode());
        }
    }

    @Test
    void r35AQueueNoLiveHostRunsShowsTheHint() {
        try (ConsoleFixture first = new ConsoleFixture(dir, false)) {
            first.createQueue("old");
            first.createQueue("mail");
        }
        try (ConsoleFixture fx = new ConsoleFixture(dir, false)) {
            fx.createQueue("mail");
            Http http = new Http(fx.console.uri());
            ConsoleFixture.awaitTrue(() -> fx.host.operator().hosts().stream()
                    .anyMatch(h -> h.runs(ConsoleFixture.OWNER, "mail")), "the host's beat to tell that it runs mail");
            String page = http.get("/", bearer(fx.console)).body();
            int oldRow = page.indexOf("<tr data-owner=\"shop\" data-queue=\"old\">");
            int mailRow = page.indexOf("<tr data-owner=\"shop\" data-queue=\"mail\">");
            assertTrue(oldRow >= 0 && mailRow >= 0, page);
            assertEquals(1, page.split(HINT, -1).length - 1, "the hint once, on old's row: " + page);
            int hint = page.indexOf(HINT);
            assertTrue(hint > oldRow && (oldRow > mailRow || hint < mailRow), "the hint is on old's row: " + page);

            String oldPage = http.get("/owners/shop/queues/old", bearer(fx.console)).body();
            assertTrue(oldPage.contains(HINT) && oldPage.contains("no live host runs this queue"), oldPage);
            assertFalse(oldPage.contains("Run by:"), oldPage);
            String mailPage = http.get("/owners/shop/queues/mail", bearer(fx.console)).body();
            assertFalse(mailPage.contains(HINT), mailPage);
            assertTrue(mailPage.contains("<p class=\"runners\">Run by: <span data-runner=\""), mailPage);
            assertTrue(http.get("/api/owners/shop/queues/old", bearer(fx.console)).body()
                    .contains("\"liveHosts\":[]"));
        }
    }

    @Test
    void r61HostAndQueueNamesAreEscapedInTheHostsSection() {
        try (ConsoleFixture fx = new ConsoleFixture(dir, false)) {
            for (String xss : XSS) {
                fx.createQueue(xss);
            }
            ConsoleFixture.awaitTrue(() -> fx.host.operator().hosts().stream()
                    .anyMatch(h -> h.runs().size() == XSS.length), "the host's beat to tell its queues");
            List<OperatorHost> hostile = new ArrayList<>();
            for (int i = 0; i < XSS.length; i++) {
                hostile.add(new OperatorHost(XSS[i] + "-id", XSS[i], 1000 + i, Instant.EPOCH, Instant.EPOCH,
                        List.of(new OperatorHost.Run(XSS[(i + 1) % XSS.length], XSS[i], i)), false));
            }
            try (TaskConsole console = TaskConsole.builder().view(new EditedHostsView(fx.host.operator(), real -> hostile)).build()) {
                console.start();
                Http http = new Http(console.uri());
                HttpResponse<String> page = http.get("/", bearer(console));
                assertEquals(200, page.statusCode());
                assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow()
                        .contains("script-src 'self'"));
                String body = page.body();
                for (String xss : XSS) {
                    assertFalse(body.contains(xss), "the overview shows unescaped " + xss);
                    assertTrue(body.contains("<td data-host-field=\"name\">" + escaped(xss) + "</td>"), "the host name, escaped: " + xss);
                    assertTrue(body.contains(">" + escaped(xss) + " / "), "the run's owner, escaped: " + xss);
                }
                for (String xss : XSS) {
                    String queuePage = http.get("/owners/shop/queues/" + seg(xss), bearer(console)).body();
                    for (String other : XSS) {
                        assertFalse(queuePage.contains(other), "queue page shows unescaped " + other);
                    }
                }
                String api = http.get("/api/hosts", bearer(console)).body();
                for (String xss : XSS) {
                    assertFalse(api.contains(xss), "the API shows raw " + xss);
                }
                assertTrue(api.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"), api);
            }
        }
    }

    /** With no live host, both are there for the refresh to flip: the table hidden, the hint shown. */
    @Test
    void r35WithNoLiveHostTheTableIsHiddenAndTheHintShown() {
        try (ConsoleFixture fx = new ConsoleFixture(dir, false);
             TaskConsole console = TaskConsole.builder()
                     .view(new EditedHostsView(fx.host.operator(), real -> List.of())).build()) {
            console.start();
            Http http = new Http(console.uri());
            String page = http.get("/", bearer(console)).body();
            assertTrue(page.contains("<h2>Hosts</h2><table class=\"hosts\" data-hosts hidden><thead>"), page);
            assertTrue(page.contains("<tbody></tbody></table><p class=\"hint\" data-no-hosts>No live host"), page);
            assertEquals("{\"tracked\":true,\"hosts\":[]}", http.get("/api/hosts", bearer(console)).body());
        }
    }

    @Test
    void r35AConsoleWithNoHostOverSqliteSaysItCannotTell() {
        try (ConsoleFixture first = new ConsoleFixture(dir, false)) {
            first.createQueue("mail");
        }
        SqliteTaskStoreProvider provider = SqliteTaskStoreProvider.builder().dataDirectory(dir).build();
        try (StoreView store = StoreView.open(provider, Optional.of(dir));
             TaskConsole console = TaskConsole.builder().view(store.view()).build()) {
            console.start();
            Http http = new Http(console.uri());
            String page = http.get("/", bearer(console)).body();
            assertTrue(page.contains("data-hosts-untracked"), page);
            assertFalse(page.contains("data-no-live-host"), "a view that cannot see the host does not claim that none runs it");
            assertEquals("{\"tracked\":false,\"hosts\":[]}", http.get("/api/hosts", bearer(console)).body());
        }
    }
}
