package dev.taskhost.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class EnqueueOptionsTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void r41_r42_r43_defaultsAreReadyNowPriorityZeroNoKey() {
        EnqueueOptions defaults = EnqueueOptions.defaults();
        assertEquals(NOW, defaults.readyAt(NOW));
        assertEquals(0, defaults.priority());
        assertEquals(Optional.empty(), defaults.key());
        assertEquals(defaults, EnqueueOptions.builder().build());
    }

    @Test
    void r41_readyTimeIsRunAtOrNowPlusRunAfterNeverBeforeNow() {
        assertEquals(NOW.plusSeconds(60), EnqueueOptions.builder().runAt(NOW.plusSeconds(60)).build().readyAt(NOW));
        assertEquals(NOW, EnqueueOptions.builder().runAt(NOW.minusSeconds(60)).build().readyAt(NOW));
        assertEquals(NOW, EnqueueOptions.builder().runAt(Instant.MIN).build().readyAt(NOW));
        assertEquals(NOW.plusMillis(1), EnqueueOptions.builder().runAt(NOW.plusNanos(1_999_999)).build().readyAt(NOW));
        assertEquals(NOW.plusSeconds(5), EnqueueOptions.builder().runAfter(Duration.ofSeconds(5)).build().readyAt(NOW));
        assertEquals(TaskLimits.LATEST_READY_AT,
                EnqueueOptions.builder().runAfter(Duration.ofSeconds(Long.MAX_VALUE)).build().readyAt(NOW));
    }

    @Test
    void r41_theLastOfRunAtAndRunAfterWins() {
        EnqueueOptions after = EnqueueOptions.builder().runAt(NOW.plusSeconds(9)).runAfter(Duration.ofSeconds(1)).build();
        assertEquals(Optional.empty(), after.runAt());
        assertEquals(NOW.plusSeconds(1), after.readyAt(NOW));
        EnqueueOptions at = EnqueueOptions.builder().runAfter(Duration.ofSeconds(1)).runAt(NOW.plusSeconds(9)).build();
        assertEquals(Optional.empty(), at.runAfter());
        assertEquals(NOW.plusSeconds(9), at.readyAt(NOW));
    }

    @Test
    void r41_runAtPastTheLatestReadyTimeAndNegativeRunAfterAreRefused() {
        var late = assertThrows(IllegalArgumentException.class, () -> EnqueueOptions.builder().runAt(Instant.MAX));
        assertEquals("runAt " + Instant.MAX + " is after the latest ready time 9999-12-31T23:59:59.999Z (R41)",
                late.getMessage());
        var negative = assertThrows(IllegalArgumentException.class,
                () -> EnqueueOptions.builder().runAfter(Duration.ofMillis(-1)));
        assertEquals("runAfter must not be negative (R41), was PT-0.001S", negative.getMessage());
        assertEquals(TaskLimits.LATEST_READY_AT,
                EnqueueOptions.builder().runAt(TaskLimits.LATEST_READY_AT).build().readyAt(NOW));
    }

    @Test
    void r42_anyIntIsAPriority() {
        assertEquals(Integer.MIN_VALUE, EnqueueOptions.builder().priority(Integer.MIN_VALUE).build().priority());
        assertEquals(Integer.MAX_VALUE, EnqueueOptions.builder().priority(Integer.MAX_VALUE).build().priority());
    }

    @Test
    void r43_keysOfOneTo256BytesWithoutControlsOrLoneSurrogatesPass() {
        for (String key : List.of("k", "x".repeat(256), "\u00e9".repeat(128), "\ud83d\ude80".repeat(64), "a b")) {
            assertEquals(Optional.of(key), EnqueueOptions.builder().key(key).build().key());
        }
        Map<String, String> refused = Map.of(
                "", "key '' is 0 bytes of UTF-8; it must be 1 to 256 (R43)",
                "x".repeat(257), "key '" + "x".repeat(140) + "' is 257 bytes of UTF-8; it must be 1 to 256 (R43)",
                "a\nb", "key 'a\\u000ab' contains a control character (R43)",
                "a\ud800", "key 'a\ud800' contains a lone surrogate, which UTF-8 cannot encode (R43)");
        refused.forEach((key, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> EnqueueOptions.builder().key(key)).getMessage()));
        assertThrows(NullPointerException.class, () -> EnqueueOptions.builder().key(null));
    }

    @Test
    void r48_taskProgressIsCheckedAndForwardedToItsSink() {
        List<String> seen = new CopyOnWriteArrayList<>();
        Task task = new Task("q", "id", new byte[0], 1, (percent, note) -> seen.add(percent + " " + note));
        task.progress(0, "");
        task.progress(100, "n".repeat(1024));
        var over = assertThrows(IllegalArgumentException.class, () -> task.progress(101, ""));
        assertEquals("progress percent must be 0 to 100 (R48), was 101", over.getMessage());
        assertThrows(IllegalArgumentException.class, () -> task.progress(-1, ""));
        var longNote = assertThrows(IllegalArgumentException.class, () -> task.progress(5, "n".repeat(1025)));
        assertEquals("progress note is 1025 bytes of UTF-8, over the limit of 1024 (R48)", longNote.getMessage());
        assertEquals(List.of("0 ", "100 " + "n".repeat(1024)), seen);
    }

    @Test
    void r49_queueSummaryCountsEveryStatus() {
        QueueSummary summary = new QueueSummary("q", QueueConfig.defaults(), false, Map.of(TaskStatus.FAILED, 2L));
        assertEquals(2, summary.count(TaskStatus.FAILED));
        assertEquals(0, summary.count(TaskStatus.PENDING));
        assertEquals(5, summary.counts().size());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TaskLimits.requirePageSize(0))
                .getMessage().contains("(R49)"));
    }

    @Test
    void r41_oldTaskInfoConstructorShowsAPendingTaskReadySinceItWasCreated() {
        TaskInfo pending = new TaskInfo("id", "q", TaskStatus.PENDING, "", 0, NOW, NOW);
        assertEquals(Optional.of(NOW), pending.readyAt());
        TaskInfo done = new TaskInfo("id", "q", TaskStatus.COMPLETED, "", 1, NOW, NOW);
        assertEquals(Optional.empty(), done.readyAt());
    }
}
