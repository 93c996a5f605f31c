package dev.taskhost.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QueueConfigTest {

    @Test
    void r7_defaultsAreConcurrencyOneNoRetriesOneSecondBackoffNoDelayOneHourRetentionNoTimeout() {
        QueueConfig config = QueueConfig.defaults();

        assertEquals(1, config.concurrency());
        assertEquals(0, config.maxRetries());
        assertEquals(Duration.ofSeconds(1), config.backoff());
        assertEquals(Duration.ZERO, config.delay());
        assertEquals(Duration.ofHours(1), config.retention());
        assertEquals(Duration.ZERO, config.timeout());
        assertFalse(config.hasTimeout());
        assertEquals(config, QueueConfig.builder().build());
    }

    @Test
    void r7_zeroConcurrencyBackoffAndRetentionMeanTheDefault() {
        QueueConfig config = new QueueConfig(0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

        assertEquals(QueueConfig.defaults(), config);
    }

    @Test
    void r7_negativeNumbersAndDurationsAreRefusedNamingTheSetting() {
        var concurrency = assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().concurrency(-1).build());
        var retries = assertThrows(IllegalArgumentException.class, () -> QueueConfig.builder().maxRetries(-2).build());
        var backoff = assertThrows(IllegalArgumentException.class,
                () -> QueueConfig.builder().backoff(Duration.ofMillis(-1)).build());
        var delay = assertThrows(IllegalArgumentException.class,
                () -> QueueConfig.builder().delay(Duration.ofSeconds(-1)).build());
        var retention = assertThrows(IllegalArgumentException.class,
                () -> QueueConfig.builder().retention(Duration.ofSeconds(-1)).build());
        var timeout = assertThrows(IllegalArgumentException.class,
                () -> QueueConfig.builder().timeout(Duration.ofSeconds(-1)).build());

        assertTrue(concurrency.getMessage().startsWith("concurrency must not be negative (R7)"), concurrency.getMessage());
        assertTrue(retries.getMessage().startsWith("maxRetries"), retries.getMessage());
        assertTrue(backoff.getMessage().startsWith("backoff"), backoff.getMessage());
        assertTrue(delay.getMessage().startsWith("delay"), delay.getMessage());
        assertTrue(retention.getMessage().startsWith("retention"), retention.getMessage());
        assertTrue(timeout.getMessage().startsWith("timeout"), timeout.getMessage());
    }

    @Test
    void r7_nullDurationsAreRefusedNamingTheSetting() {
        var e = assertThrows(NullPointerException.class, () -> QueueConfig.builder().delay(null).build());

        assertEquals("delay", e.getMessage());
    }

    @Test
    void r7_retentionIsClampedToOneMinuteToOneWeek() {
        assertEquals(Duration.ofMinutes(1), QueueConfig.builder().retention(Duration.ofSeconds(5)).build().retention());
        assertEquals(Duration.ofDays(7), QueueConfig.builder().retention(Duration.ofDays(30)).build().retention());
        assertEquals(Duration.ofMinutes(90), QueueConfig.builder().retention(Duration.ofMinutes(90)).build().retention());
    }

    @Test
    void r14_retryDelayDoublesPerAttemptFromTheBackoff() {
        QueueConfig config = QueueConfig.builder().backoff(Duration.ofMillis(500)).build();

        assertEquals(Duration.ofMillis(500), config.retryDelay(1));
        assertEquals(Duration.ofMillis(1000), config.retryDelay(2));
        assertEquals(Duration.ofMillis(2000), config.retryDelay(3));
        assertEquals(Duration.ofMillis(4000), config.retryDelay(4));
    }

    @Test
    void r14_retryDelayIsCappedAtOneHourWithoutOverflow() {
        QueueConfig config = QueueConfig.builder().backoff(Duration.ofMinutes(10)).build();

        assertEquals(Duration.ofMinutes(40), config.retryDelay(3));
        assertEquals(Duration.ofHours(1), config.retryDelay(4));
        assertEquals(Duration.ofHours(1), config.retryDelay(64));
        assertEquals(Duration.ofHours(1), config.retryDelay(Integer.MAX_VALUE));
        assertEquals(Duration.ofHours(1),
                QueueConfig.builder().backoff(Duration.ofDays(365_000)).build().retryDelay(1));
    }

    @Test
    void r14_attemptsAreOneBased() {
        assertThrows(IllegalArgumentException.class, () -> QueueConfig.defaults().retryDelay(0));
    }
}
