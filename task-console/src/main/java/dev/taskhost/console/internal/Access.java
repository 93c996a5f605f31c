package dev.taskhost.console.internal;

import com.sun.net.httpserver.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who may see and act (R60, R62): the access token, compared in constant time, and the sessions
 * of browsers that signed in with it. Thread-safe.
 */
final class Access {
    static final String COOKIE = "taskhost_console";
    private static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** Sessions kept at most; the oldest goes first, so signing in again and again costs no memory. */
    private static final int MAX_SESSIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] tokenDigest;
    private final Clock clock;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    Access(String token, Clock clock) {
        this.tokenDigest = digest(token);
        this.clock = clock;
    }

    /** 256 random bits, URL-safe. */
    static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Whether {@code candidate} is the token: the digests are compared with
     * {@link MessageDigest#isEqual}, which takes the same time wherever they differ, and digests
     * of equal length hide the token's length too.
     */
    boolean isToken(String candidate) {
        return MessageDigest.isEqual(tokenDigest, digest(candidate));
    }

    /** How the request proved it may see the console, if it did. */
    Optional<Proof> check(Headers headers) {
        String authorization = headers.getFirst("Authorization");
        if (authorization != null) {
            // A wrong bearer token is refused even beside a good cookie: a client that sends one means it.
            return authorization.regionMatches(true, 0, "Bearer ", 0, 7) && isToken(authorization.substring(7).trim())
                    ? Optional.of(Proof.BEARER) : Optional.empty();
        }
        return cookie(headers).filter(this::isSession).map(s -> Proof.COOKIE);
    }

    /** A new session for a browser that gave the token. */
    String openSession() {
        Instant now = clock.instant();
        sessions.values().removeIf(expiry -> !expiry.isAfter(now));
        while (sessions.size() >= MAX_SESSIONS) {
            Iterator<Map.Entry<String, Instant>> oldest = sessions.entrySet().stream()
                    .sorted(Map.Entry.comparingByValue()).iterator();
            sessions.remove(oldest.next().getKey());
        }
        String id = newToken();
        sessions.put(id, now.plus(SESSION_LIFETIME));
        return id;
    }

    void closeSession(Headers headers) {
        cookie(headers).ifPresent(sessions::remove);
    }

    /** The cookie's header value; {@code HttpOnly} and {@code SameSite=Strict} (R60). */
    static String sessionCookie(String id, String path) {
        return COOKIE + "=" + id + "; Path=" + path + "; HttpOnly; SameSite=Strict; Max-Age="
                + SESSION_LIFETIME.toSeconds();
    }

    static String expiredCookie(String path) {
        return COOKIE + "=; Path=" + path + "; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private boolean isSession(String id) {
        // The session ids are random and 256 bits long: a lookup leaks nothing worth timing.
        Instant expiry = sessions.get(id);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            sessions.remove(id);
            return false;
        }
        return true;
    }

    private static Optional<String> cookie(Headers headers) {
        for (String header : headers.getOrDefault("Cookie", java.util.List.of())) {
            for (String part : header.split(";")) {
                String trimmed = part.trim();
                if (trimmed.startsWith(COOKIE + "=")) {
                    return Optional.of(trimmed.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** How a request was let in. */
    enum Proof { BEARER, COOKIE }
}
