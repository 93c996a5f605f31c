package dev.taskhost.console.internal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/** The console's static files: its one script and its style sheet, from this module's resources. */
final class Static {
    private static final Map<String, String> FILES = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");

    private Static() {
    }

    static void serve(HttpExchange exchange, String name) throws IOException {
        String type = FILES.get(name);
        byte[] body;
        if (type == null) {
            type = "text/plain; charset=utf-8";
            body = ("no static file '" + Html.escape(name) + "'").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            headers(exchange, type);
            exchange.sendResponseHeaders(404, body.length);
        } else {
            try (InputStream in = Static.class.getResourceAsStream("static/" + name)) {
                if (in == null) {
                    throw new IOException("the console's resource static/" + name + " is missing");
                }
                body = in.readAllBytes();
            }
            headers(exchange, type);
            exchange.getResponseHeaders().set("Cache-Control", "max-age=300");
            exchange.sendResponseHeaders(200, body.length);
        }
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void headers(HttpExchange exchange, String type) {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Content-Security-Policy", ConsoleHandler.CSP);
    }
}
