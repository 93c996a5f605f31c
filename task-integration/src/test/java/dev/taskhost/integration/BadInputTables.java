package dev.taskhost.integration;

import static dev.taskhost.integration.BadInput.fails;
import static dev.taskhost.integration.BadInput.works;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.QueueExistsException;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskService;
import dev.taskhost.api.TaskStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/** The rows of the bad-input suite for what callers pass in: queue names, payloads, task ids. */
final class BadInputTables {
    private static final QueueConfig PLAIN = QueueConfig.defaults();

    private BadInputTables() {
    }

    /** R5: each bad name is refused by createQueue, enqueue and clearQueue alike; good ones work. */
    static Stream<BadInput> queueNames() {
        List<BadInput> rows = new ArrayList<>();
        badName(rows, "empty", "", "is 0 bytes of UTF-8; it must be 1 to 128 (R5)");
        badName(rows, "of 129 ASCII bytes", "x".repeat(129), "is 129 bytes of UTF-8; it must be 1 to 128 (R5)");
        badName(rows, "of 65 'e-acute' (130 bytes)", "\u00e9".repeat(65), "is 130 bytes of UTF-8");
        badName(rows, "of 33 emoji (132 bytes)", "\ud83d\ude80".repeat(33), "is 132 bytes of UTF-8");
        badName(rows, "with a NUL", "a\u0000b", "'a\\u0000b' contains a control character (R5)");
        badName(rows, "with a line break", "two\nlines", "'two\\u000alines' contains a control character (R5)");
        badName(rows, "with a tab", "\ttab", "contains a control character (R5)");
        badName(rows, "with a DEL", "del\u007f", "contains a control character (R5)");
        badName(rows, "with a C1 control (NEL)", "next\u0085line", "contains a control character (R5)");
        badName(rows, "with an ANSI escape", "\u001b[31mred", "contains a control character (R5)");
        badName(rows, "with a lone high surrogate", "\ud800", "surrogate");
        badName(rows, "with a lone low surrogate", "a\udc00b", "surrogate");
        for (String call : List.of("createQueue", "enqueue", "clearQueue")) {
            rows.add(fails("R5", call + " with a null queue name", NullPointerException.class, "queueName",
                    stored -> call(stored.app(), call, null)));
        }
        goodName(rows, "of 128 ASCII bytes", "x".repeat(128));
        goodName(rows, "of 64 'e-acute' (128 bytes)", "\u00e9".repeat(64));
        goodName(rows, "of 32 emoji (128 bytes)", "\ud83d\ude80".repeat(32));
        goodName(rows, "of one space", " ");
        goodName(rows, "SQL: '; DROP TABLE tasks; --", "'; DROP TABLE tasks; --");
        goodName(rows, "SQL: q' OR '1'='1", "q' OR '1'='1");
        goodName(rows, "SQL: \" OR \"\"=\"", "\" OR \"\"=\"");
        goodName(rows, "LIKE wildcards %", "%");
        goodName(rows, "LIKE wildcards _", "_");
        goodName(rows, "right-to-left Hebrew", "\u05e9\u05dc\u05d5\u05dd");
        goodName(rows, "right-to-left Arabic with a space", "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643");
        goodName(rows, "with a right-to-left override", "\u202eevil\u202c.txt");
        goodName(rows, "with direction marks", "\u200f\u200emarks");
        goodName(rows, "emoji", "\ud83d\udce6 queue \ud83d\ude80");
        goodName(rows, "an emoji ZWJ sequence", "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67");
        rows.add(works("R5", "names that differ only in Unicode normalization or case are different queues",
                stored -> {
                    for (String name : List.of("caf\u00e9", "cafe\u0301", "Queue", "queue", "QUEUE")) {
                        String id = createEnqueueRun(stored, name);
                        assertEquals(name, stored.app().get(id).queueName());
                    }
                }));
        return rows.stream();
    }

    private static void badName(List<BadInput> rows, String description, String name, String fragment) {
        for (String call : List.of("createQueue", "enqueue", "clearQueue")) {
            rows.add(fails("R5", call + " with a queue name " + description, IllegalArgumentException.class,
                    fragment, stored -> call(stored.app(), call, name)));
        }
    }

    private static void call(TaskService service, String call, String name) {
        switch (call) {
            case "createQueue" -> service.createQueue(name, PLAIN);
            case "enqueue" -> service.enqueue(name, new byte[0]);
            default -> service.clearQueue(name);
        }
    }

    /** A good name works everywhere, comes back exactly, and names one queue (R5, R6). */
    private static void goodName(List<BadInput> rows, String description, String name) {
        rows.add(works("R5", "a queue name " + description, stored -> {
            String id = createEnqueueRun(stored, name);
            TaskInfo info = stored.app().get(id);
            assertEquals(name, info.queueName());
            assertEquals(TaskStatus.COMPLETED, info.status());
            assertEquals("ran " + name + " 5", info.message());
            assertEquals(0, stored.app().clearQueue(name));
            assertThrows(QueueExistsException.class, () -> stored.app().createQueue(name, PLAIN));
        }));
    }

    private static String createEnqueueRun(StoredTasks stored, String name) throws InterruptedException {
        stored.app().createQueue(name, PLAIN);
        String id = stored.app().enqueue(name, StoredTasks.text("hello"));
        stored.settle();
        return id;
    }

    /** R10: 0 to 1 MiB inclusive, handed to the worker byte for byte; larger is refused with both sizes. */
    static Stream<BadInput> payloads() {
        byte[] mebibyte = new byte[1_048_576];
        new Random(10).nextBytes(mebibyte);
        byte[] everyByte = new byte[256];
        for (int i = 0; i < everyByte.length; i++) {
            everyByte[i] = (byte) i;
        }
        return Stream.of(
                works("R10", "a payload of 1 MiB (1,048,576 random bytes)", stored -> runsWith(stored, mebibyte)),
                works("R10", "an empty payload", stored -> runsWith(stored, new byte[0])),
                works("R10", "a payload of every byte value", stored -> runsWith(stored, everyByte)),
                works("R10", "a payload changed by the caller after enqueue returned", stored -> {
                    byte[] payload = StoredTasks.text("original");
                    stored.app().createQueue("plain", PLAIN);
                    String id = stored.app().enqueue("plain", payload);
                    payload[0] = 'X';
                    stored.settle();
                    assertArrayEquals(StoredTasks.text("original"), stored.payloadsSeen.get(id));
                }),
                fails("R10", "a payload of 1 MiB + 1", IllegalArgumentException.class,
                        "payload is 1048577 bytes; the limit is 1048576 bytes (R10)",
                        stored -> enqueuePlain(stored, new byte[1_048_577])),
                fails("R10", "a payload of 2 MiB", IllegalArgumentException.class,
                        "payload is 2097152 bytes; the limit is 1048576 bytes (R10)",
                        stored -> enqueuePlain(stored, new byte[2_097_152])),
                fails("R10", "a null payload", NullPointerException.class, "payload",
                        stored -> enqueuePlain(stored, null)));
    }

    private static void enqueuePlain(StoredTasks stored, byte[] payload) {
        stored.app().createQueue("plain", PLAIN);
        stored.app().enqueue("plain", payload);
    }

    private static void runsWith(StoredTasks stored, byte[] payload) throws InterruptedException {
        stored.app().createQueue("plain", PLAIN);
        String id = stored.app().enqueue("plain", payload);
        stored.settle();
        assertArrayEquals(payload, stored.payloadsSeen.get(id));
        assertEquals("ran plain " + payload.length, stored.app().get(id).message());
    }

    /** R2: get and cancel treat every id that is not one of the owner's tasks as unknown, leaking nothing. */
    static Stream<BadInput> taskIds() {
        List<BadInput> rows = new ArrayList<>();
        badId(rows, "unknown", stored -> "no-such-task", "owner 'app' has no task 'no-such-task' (R2)");
        badId(rows, "of another owner's pending task", StoredTasks::othersTask, "owner 'app' has no task '");
        badId(rows, "empty", stored -> "", "owner 'app' has no task '' (R2)");
        badId(rows, "10 KB long", stored -> "a".repeat(10_240), "owner 'app' has no task 'aaaaaaaa");
        badId(rows, "SQL: ' OR '1'='1", stored -> "' OR '1'='1", "has no task '' OR '1'='1' (R2)");
        badId(rows, "SQL: x'; DELETE FROM tasks; --", stored -> "x'; DELETE FROM tasks; --",
                "has no task 'x'; DELETE FROM tasks; --' (R2)");
        badId(rows, "LIKE wildcard %", stored -> "%", "has no task '%' (R2)");
        badId(rows, "LIKE wildcard _", stored -> "_", "has no task '_' (R2)");
        badId(rows, "with a NUL", stored -> "\u0000", "has no task '");
        badId(rows, "of a stored task plus a space", stored -> stored.appsTask() + " ", "has no task '");
        badId(rows, "of a stored task in another case", stored -> otherCase(stored.appsTask()), "has no task '");
        rows.add(fails("R2", "get with a null task id", NullPointerException.class, "taskId",
                stored -> stored.app().get(null)));
        rows.add(fails("R2", "cancel with a null task id", NullPointerException.class, "taskId",
                stored -> stored.app().cancel(null)));
        rows.add(works("R2", "another owner's id and an unknown one get the same answer", stored -> {
            String others = stored.othersTask();
            String unknown = "x".repeat(others.length());
            String forOthers = assertThrows(TaskNotFoundException.class, () -> stored.app().get(others)).getMessage();
            String forUnknown = assertThrows(TaskNotFoundException.class, () -> stored.app().get(unknown)).getMessage();
            assertEquals(forUnknown.replace(unknown, "<id>"), forOthers.replace(others, "<id>"));
        }));
        return rows.stream();
    }

    /** The id to try, computed from the stored tasks. */
    @FunctionalInterface
    private interface IdOf {
        String of(StoredTasks stored);
    }

    private static void badId(List<BadInput> rows, String description, IdOf id, String fragment) {
        rows.add(fails("R2", "get with a task id " + description, TaskNotFoundException.class, fragment,
                stored -> stored.app().get(id.of(stored))));
        rows.add(fails("R2", "cancel with a task id " + description, TaskNotFoundException.class, fragment,
                stored -> stored.app().cancel(id.of(stored))));
    }

    private static String otherCase(String id) {
        String upper = id.toUpperCase(Locale.ROOT);
        String other = upper.equals(id) ? id.toLowerCase(Locale.ROOT) : upper;
        assertTrue(!other.equals(id), "an id without letters: " + id);
        return other;
    }
}
