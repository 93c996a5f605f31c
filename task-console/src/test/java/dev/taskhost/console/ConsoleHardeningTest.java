package dev.taskhost.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's guards beyond R60 to R62: on loopback it answers only to loopback names in
 * {@code Host} (DNS rebinding), and an address that gives wrong tokens again and again is made to wait.
 */
class ConsoleHardeningTest {
    @TempDir
    Path dir;
    private ConsoleFixture fx;
    private Http http;
    private int port;

    @BeforeEach
    void start() {
        fx = new ConsoleFixture(dir, false);
        http = new Http(fx.console.uri());
        port = fx.console.uri().getPort();
        fx.createQueue("mail");
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    /** A request by hand, since the JDK's client will not send a Host of our choosing. */
    private String raw(String host, String path) throws IOException {
        try (Socket socket = new Socket(fx.console.uri().getHost(), port)) {
            OutputStream out = socket.getOutputStream();
            String hostLine = host == null ? "" : "Host: " + host + "\r\n";
            out.write(("GET " + path + " HTTP/1.1\r\n" + hostLine + "Authorization: Bearer " + fx.console.token()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void onLoopbackAForeignHostIsRefused() throws IOException {
        for (String host : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port,
                "localhost:" + (port + 1), "127.0.0.1"}) {
            String r = raw(host, "/api/overview");
            assertEquals(421, status(r), host);
            assertTrue(r.contains("answers only to localhost"), host);
            assertFalse(r.contains("\"mail\""), host);
        }
        String page = raw("evil.example:" + port, "/");
        assertEquals(421, status(page));
        assertTrue(page.toLowerCase(java.util.Locale.ROOT).contains("content-security-policy"), "the refusal is a page like any other");
    }

    @Test
    void onLoopbackTheLoopbackNamesAreServed() throws IOException {
        for (String host : new String[] {"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port,
                "[::1]:" + port}) {
            String r = raw(host, "/api/overview");
            assertEquals(200, status(r), host);
            assertTrue(r.contains("\"mail\""), host);
        }
    }

    @Test
    void wrongBearerTokensFromOneAddressAreLimited() {
        String wrong = "Bearer " + fx.console.token().substring(1) + "x";
        for (int i = 0; i < 5; i++) {
            assertEquals(401, http.get("/api/overview", Map.of("Authorization", wrong)).statusCode(), "try " + i);
        }
        HttpResponse<String> limited = http.get("/api/overview", Map.of("Authorization", wrong));
        assertEquals(429, limited.statusCode());
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
        assertTrue(limited.body().contains("too many wrong tokens"), limited.body());
        // While limited, even the right token is not looked at: guessing gains nothing.
        assertEquals(429, http.get("/api/overview", Map.of("Authorization", "Bearer " + fx.console.token()))
                .statusCode());
    }

    @Test
    void wrongSignInsFromOneAddressAreLimited() {
        String origin = "http://" + fx.console.uri().getRawAuthority();
        for (int i = 0; i < 5; i++) {
            assertEquals(401, http.post("/signin", "token=wrong-token-" + i, Map.of("Origin", origin)).statusCode());
        }
        HttpResponse<String> limited = http.post("/signin",
                "token=" + URLEncoder.encode(fx.console.token(), StandardCharsets.UTF_8), Map.of("Origin", origin));
        assertEquals(429, limited.statusCode());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        assertFalse(limited.headers().firstValue("Set-Cookie").isPresent(), "no session while limited");
    }

    @Test
    void aRequestWithoutATokenIsNotCounted() {
        for (int i = 0; i < 10; i++) {
            assertEquals(401, http.get("/api/overview", Map.of()).statusCode());
        }
        assertEquals(200, http.get("/api/overview", Map.of("Authorization", "Bearer " + fx.console.token()))
                .statusCode());
    }
}
