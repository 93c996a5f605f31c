package dev.taskhost.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Percentiles as the report prints them. */
class LatencySampleTest {

    @Test
    @DisplayName("issue 4: p50, p99 and max are nearest-rank percentiles of the measured durations")
    void nearestRankPercentiles() {
        long[] shuffled = LongStream.rangeClosed(1, 200).map(i -> (i * 37) % 200 + 1).toArray();

        assertEquals(new LatencySample(200, 100, 198, 200), LatencySample.of(shuffled, 200));
        assertEquals(new LatencySample(1, 7, 7, 7), LatencySample.of(new long[] {7, 99}, 1));
    }

    @Test
    @DisplayName("issue 4: an empty sample is refused rather than reported as zero")
    void emptySampleIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> LatencySample.of(new long[3], 0));
    }
}
