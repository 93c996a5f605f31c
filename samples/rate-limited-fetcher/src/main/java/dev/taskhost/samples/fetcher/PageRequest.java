package dev.taskhost.samples.fetcher;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request for one page of the catalog. Stored as the task's payload in the shape of the request
 * line, {@code "GET https://api.example/catalog/products?page=<n>"}.
 *
 * @param page the page number, from 1
 */
record PageRequest(int page) {
    private static final String PREFIX = "GET https://api.example/catalog/products?page=";
    private static final Pattern REQUEST = Pattern.compile(Pattern.quote(PREFIX) + "([1-9][0-9]{0,8})");

    PageRequest {
        if (page < 1) {
            throw new IllegalArgumentException("pages are numbered from 1, was " + page);
        }
    }

    String url() {
        return PREFIX.substring("GET ".length()) + page;
    }

    byte[] toPayload() {
        return (PREFIX + page).getBytes(UTF_8);
    }

    /** @throws IllegalArgumentException if the payload is not a page request */
    static PageRequest fromPayload(byte[] payload) {
        String text = new String(payload, UTF_8);
        Matcher matcher = REQUEST.matcher(text);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a page request: the payload must be \"" + PREFIX + "<n>\", was '"
                    + text.substring(0, Math.min(80, text.length())) + "'");
        }
        return new PageRequest(Integer.parseInt(matcher.group(1)));
    }
}
