package dev.taskhost.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            assertEquals(16, Base64.getUrlDecoder().decode(id).length);
            ids.add(id);
        }

        assertEquals(10_000, ids.size());
    }
}
