package dev.taskhost.samples.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Objects;

/**
 * One webhook call: the endpoint to POST to and the JSON body. Stored as the task's payload in the
 * shape of the request line and body, {@code "POST <url>\n<body>"}.
 *
 * @param url the endpoint
 * @param body the JSON event
 */
record WebhookDelivery(String url, String body) {
    private static final String METHOD = "POST ";

    WebhookDelivery {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(body, "body");
        if (url.isBlank() || url.contains("\n")) {
            throw new IllegalArgumentException("a webhook url is one non-blank line, was '" + url + "'");
        }
    }

    byte[] toPayload() {
        return (METHOD + url + "\n" + body).getBytes(UTF_8);
    }

    /** @throws IllegalArgumentException if the payload is not {@code "POST <url>\n<body>"} */
    static WebhookDelivery fromPayload(byte[] payload) {
        String text = new String(payload, UTF_8);
        int newline = text.indexOf('\n');
        if (!text.startsWith(METHOD) || newline < 0) {
            throw new IllegalArgumentException("not a webhook delivery: the payload must be \"POST <url>\\n<body>\","
                    + " was " + payload.length + " bytes starting '" + text.substring(0, Math.min(40, text.length()))
                    + "'");
        }
        return new WebhookDelivery(text.substring(METHOD.length(), newline), text.substring(newline + 1));
    }
}
