package dev.taskhost.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskIdsTest {

    @Test
    void r9_idsCarry128RandomBitsInUrlSafeText() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = TaskIds.next();
            assertTrue(id.matches("[A-Za-z0-9_-]{32}"), id);
            assertEquals(16, Base64.getUrlDecoder().decode(id.substring(TaskIds.TIME_CHARS)).length);
            ids.add(id);
        }

        assertEquals(10_000, ids.size());
    }

    /** The stores' id indexes grow at their end: an id made later sorts after, byte by byte (digit carries included). */
    @Test
    void idsMadeLaterSortAfterThoseMadeEarlier() {
        long[] times = {
            0L, 1L, 31L, 32L, 1_023L, 1_024L,
            Instant.parse("2026-12-03T12:00:00Z").toEpochMilli(),
            Instant.parse("2026-12-03T12:00:00.001Z").toEpochMilli(),
            Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(),
            Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli(),
        };
        for (int i = 1; i < times.length; i++) {
            String earlier = TaskIds.next(times[i - 1]);
            String later = TaskIds.next(times[i]);
            assertTrue(earlier.compareTo(later) < 0, earlier + " made at " + times[i - 1]
                    + " sorts before " + later + " made at " + times[i]);
            assertTrue(earlier.substring(0, TaskIds.TIME_CHARS).compareTo(later.substring(0, TaskIds.TIME_CHARS)) < 0);
        }
        String a = TaskIds.next(times[6]);
        String b = TaskIds.next(times[6]);
        assertEquals(a.substring(0, TaskIds.TIME_CHARS), b.substring(0, TaskIds.TIME_CHARS), "one millisecond, one prefix");
    }
}
