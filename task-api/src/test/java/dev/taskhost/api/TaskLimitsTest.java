package dev.taskhost.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TaskLimitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "my-plugin", "a.b_c-d", "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz01"})
    void r3_validOwnerIdsPass(String owner) {
        assertSame(owner, TaskLimits.requireOwnerId(owner));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "A", "-a", ".a", "a b", "a/b", "..", "../x",
            "abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz012"})
    void r3_invalidOwnerIdsAreRefusedNamingTheRule(String owner) {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskLimits.requireOwnerId(owner));

        assertTrue(e.getMessage().contains("(R3)"), e.getMessage());
    }

    @Test
    void r5_queueNamesOfOneTo128BytesPass() {
        String longest = "é".repeat(64);
        assertEquals(128, longest.getBytes(StandardCharsets.UTF_8).length);

        assertSame(longest, TaskLimits.requireQueueName(longest));
        assertSame("q", TaskLimits.requireQueueName("q"));
        assertSame("שלום 🎉", TaskLimits.requireQueueName("שלום 🎉"));
    }

    @Test
    void r5_emptyAndOverlongNamesAreRefusedWithTheirSize() {
        var empty = assertThrows(IllegalArgumentException.class, () -> TaskLimits.requireQueueName(""));
        var tooLong = assertThrows(IllegalArgumentException.class, () -> TaskLimits.requireQueueName("x".repeat(129)));

        assertTrue(empty.getMessage().contains("is 0 bytes") && empty.getMessage().contains("(R5)"), empty.getMessage());
        assertTrue(tooLong.getMessage().contains("is 129 bytes"), tooLong.getMessage());
    }

    @Test
    void r5_controlCharactersAreRefusedAndShownEscaped() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskLimits.requireQueueName("a\nb"));

        assertTrue(e.getMessage().contains("a\\u000ab") && e.getMessage().contains("control character"), e.getMessage());
    }

    @Test
    void r10_payloadsUpToOneMebibytePass() {
        assertEquals(0, TaskLimits.requirePayload(new byte[0]).length);
        assertEquals(1_048_576, TaskLimits.requirePayload(new byte[1_048_576]).length);
    }

    @Test
    void r10_largerPayloadsAreRefusedNamingSizeAndLimit() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskLimits.requirePayload(new byte[1_048_577]));

        assertEquals("payload is 1048577 bytes; the limit is 1048576 bytes (R10)", e.getMessage());
    }

    @Test
    void r16_nullResultBecomesEmpty() {
        assertEquals("", TaskLimits.resultMessage(null));
        assertEquals("done", TaskLimits.resultMessage("done"));
    }

    @Test
    void r16_failureMessageIsTheExceptionsMessageElseItsClassName() {
        assertEquals("boom", TaskLimits.failureMessage(new IllegalStateException("boom")));
        assertEquals("java.lang.IllegalStateException", TaskLimits.failureMessage(new IllegalStateException()));
    }

    @Test
    void r16_messagesAreCutToFourKibibytesNeverInsideACharacter() {
        assertEquals(4096, TaskLimits.resultMessage("x".repeat(10_000)).length());
        String euros = TaskLimits.resultMessage("€".repeat(2000));
        assertEquals(1365, euros.length());
        assertTrue(euros.getBytes(StandardCharsets.UTF_8).length <= 4096);
        String emoji = TaskLimits.resultMessage("🎉".repeat(2000));
        assertEquals(4096, emoji.getBytes(StandardCharsets.UTF_8).length);
        assertTrue(Character.isHighSurrogate(emoji.charAt(emoji.length() - 2)));
    }
}
