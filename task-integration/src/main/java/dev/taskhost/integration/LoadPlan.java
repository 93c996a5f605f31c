package dev.taskhost.integration;

import dev.taskhost.api.QueueConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The load the crash suite puts on a host: one owner, three queues of concurrency 4 with 2 retries,
 * and payloads that tell the worker what to do with a task. Shared by the child JVM that runs the load
 * and the test that checks what it left behind.
 */
final class LoadPlan {
    static final String OWNER = "load";
    static final List<String> QUEUES = List.of("alpha", "beta", "gamma");
    static final int CONCURRENCY = 4;
    static final int MAX_RETRIES = 2;
    // Short, so that a failing task's three attempts do not hold the drain back.
    static final Duration BACKOFF = Duration.ofMillis(5);
    /** How often a running child enqueues a task of its own, to be killed during enqueues too (R9). */
    static final Duration ENQUEUE_PAUSE = Duration.ofMillis(5);
    /** How long a {@link Kind#SLOW} task works: longer than the child's shutdown grace. */
    static final Duration SLOW_WORK = Duration.ofMillis(50);

    private LoadPlan() {
    }

    static QueueConfig queueConfig() {
        return QueueConfig.builder().concurrency(CONCURRENCY).maxRetries(MAX_RETRIES).backoff(BACKOFF).build();
    }

    /** What the worker does with a task; decided by its payload, so the same on every attempt. */
    enum Kind {
        /** Works a millisecond or two and completes. */
        OK,
        /** Works a millisecond or two and throws, on every attempt. */
        FAIL,
        /** Works {@link #SLOW_WORK} and completes. */
        SLOW;

        /** The kind of the {@code index}-th task: a fixed tenth fail, a twentieth are slow. */
        static Kind ofIndex(int index) {
            if (index % 10 == 3) {
                return FAIL;
            }
            return index % 20 == 7 ? SLOW : OK;
        }

        static Kind ofPayload(byte[] payload) {
            String text = new String(payload, StandardCharsets.US_ASCII);
            return valueOf(text.substring(0, text.indexOf(':')));
        }

        byte[] payload(int index) {
            return (name() + ":" + index).getBytes(StandardCharsets.US_ASCII);
        }

        /** The payload of the {@code index}-th task a child enqueues in life {@code life}. */
        byte[] payload(int life, int index) {
            return (name() + ":life-" + life + "-" + index).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The message of an attempt the worker completed: it names the attempt and the child's life. */
    static String completedMessage(int attempt, int life) {
        return "done in attempt " + attempt + " of life " + life;
    }

    /** The message of an attempt the worker failed on purpose. */
    static String failedMessage(int attempt) {
        return "made to fail attempt " + attempt;
    }
}
