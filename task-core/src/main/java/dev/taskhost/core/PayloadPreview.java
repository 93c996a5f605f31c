package dev.taskhost.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The start of a task's payload, for an operator to look at. Immutable.
 *
 * @param size the payload's full size in bytes
 * @param head its first bytes, at most {@code size} of them
 */
public record PayloadPreview(int size, byte[] head) {

    /**
     * @throws NullPointerException if {@code head} is null
     * @throws IllegalArgumentException if {@code head} is longer than {@code size}
     */
    public PayloadPreview {
        head = head.clone();
        if (head.length > size) {
            throw new IllegalArgumentException("a preview of " + head.length + " bytes is longer than its payload of "
                    + size);
        }
    }

    /** The preview of the first {@code maxBytes} of {@code payload}. */
    public static PayloadPreview of(byte[] payload, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        return new PayloadPreview(payload.length, Arrays.copyOf(payload, Math.min(maxBytes, payload.length)));
    }

    @Override
    public byte[] head() {
        return head.clone();
    }

    /** Whether the payload is longer than its head. */
    public boolean truncated() {
        return head.length < size;
    }

    /**
     * The head as text, when it is UTF-8 (a character cut at the end aside) without control
     * characters other than tab, line feed and carriage return; else empty, and {@link #hex()} shows it.
     */
    public Optional<String> text() {
        int end = head.length;
        if (truncated()) {
            // A cut may fall inside a character: drop up to three bytes of an unfinished one.
            int back = 0;
            while (back < 3 && end - back > 0 && (head[end - back - 1] & 0xC0) == 0x80) {
                back++;
            }
            if (end - back > 0 && (head[end - back - 1] & 0xC0) == 0xC0) {
                end = end - back - 1;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(head, 0, end)).toString();
        } catch (CharacterCodingException notText) {
            return Optional.empty();
        }
        boolean control = text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\t' && c != '\n'
                && c != '\r');
        return control ? Optional.empty() : Optional.of(text);
    }

    /** The head in lowercase hex, two digits a byte, a space between bytes. */
    public String hex() {
        return HexFormat.ofDelimiter(" ").formatHex(head);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PayloadPreview that && size == that.size && Arrays.equals(head, that.head);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(head);
    }

    @Override
    public String toString() {
        return "PayloadPreview[size=" + size + ", head=" + head.length + " bytes]";
    }
}
