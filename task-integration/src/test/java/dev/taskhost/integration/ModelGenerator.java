package dev.taskhost.integration;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import dev.taskhost.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random sequences of {@link ModelOp}s, the same for the same seed. Its choices lean towards what
 * makes the rules meet: few queue names (so R6 and R8 come up), a small budget (R4), delays and
 * backoffs of seconds with clock steps around them (R13, R14), retentions a step can outlive (R21),
 * two keys (R43), a few priorities including the edges of {@code int} (R42), run-at times around the
 * clock's steps (R41), and pauses that their resumes undo (R44).
 */
final class ModelGenerator {
    static final List<String> QUEUES = List.of("a", "b", "c", "d");
    /** The owner's budget: four queues asking up to 3 each run out of it (R4). */
    static final int BUDGET = 4;

    private static final Duration[] BACKOFFS = {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(10)};
    private static final Duration[] DELAYS = {Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofSeconds(3)};
    // Within [1 min, 1 week]: the clamp (R7) happens in QueueConfig, before any implementation sees it.
    private static final Duration[] RETENTIONS = {Duration.ZERO, Duration.ofMinutes(1), Duration.ofSeconds(90),
        Duration.ofHours(2)};
    private static final Duration[] STEPS = {Duration.ofMillis(1), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(61), Duration.ofMinutes(10),
        Duration.ofHours(2)};

    private static final String[] KEYS = {"k1", "k2"};
    private static final int[] PRIORITIES = {0, 1, -1, 7, Integer.MAX_VALUE, Integer.MIN_VALUE};
    private static final Duration[] RUN_AFTER = {Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(3),
        Duration.ofMinutes(2)};
    /** Run-at times relative to the start every subject's clock begins at: some before it, so "now". */
    private static final Duration[] RUN_AT = {Duration.ofHours(-1), Duration.ofSeconds(2), Duration.ofSeconds(70),
        Duration.ofHours(3)};

    private ModelGenerator() {
    }

    static List<ModelOp> sequence(long seed, int length) {
        Random random = new Random(seed);
        List<ModelOp> ops = new ArrayList<>();
        List<Integer> enqueues = new ArrayList<>();
        for (int label = 0; label < length; label++) {
            int roll = random.nextInt(100);
            ModelOp op;
            if (roll < 10) {
                op = new ModelOp.CreateQueue(label, queue(random), config(random));
            } else if (roll < 38) {
                byte[] extra = new byte[random.nextInt(17)];
                random.nextBytes(extra);
                ModelWorker[] behaviours = ModelWorker.values();
                op = new ModelOp.Enqueue(label, queue(random), behaviours[random.nextInt(behaviours.length)], extra,
                        options(random));
                enqueues.add(label);
            } else if (roll < 48) {
                op = new ModelOp.Cancel(label, task(random, enqueues), random.nextBoolean());
            } else if (roll < 51) {
                op = new ModelOp.ClearQueue(label, queue(random));
            } else if (roll < 62) {
                op = new ModelOp.Get(label, task(random, enqueues));
            } else if (roll < 66) {
                op = new ModelOp.Pause(label, queue(random));
            } else if (roll < 71) {
                op = new ModelOp.Resume(label, queue(random));
            } else if (roll < 76) {
                op = new ModelOp.Retry(label, task(random, enqueues));
            } else if (roll < 95) {
                op = new ModelOp.Advance(label, STEPS[random.nextInt(STEPS.length)]);
            } else {
                op = new ModelOp.RunUntilIdle(label);
            }
            ops.add(op);
        }
        return ops;
    }

    /** Half the enqueues take the defaults; the others a mix of key, priority and run-at or run-after. */
    private static EnqueueOptions options(Random random) {
        EnqueueOptions.Builder options = EnqueueOptions.builder();
        if (random.nextBoolean()) {
            return options.build();
        }
        if (random.nextInt(3) == 0) {
            options.key(KEYS[random.nextInt(KEYS.length)]);
        }
        if (random.nextInt(3) == 0) {
            options.priority(PRIORITIES[random.nextInt(PRIORITIES.length)]);
        }
        switch (random.nextInt(4)) {
            case 0 -> options.runAfter(RUN_AFTER[random.nextInt(RUN_AFTER.length)]);
            case 1 -> options.runAt(ManualClock.DEFAULT_START.plus(RUN_AT[random.nextInt(RUN_AT.length)]));
            default -> { }
        }
        return options.build();
    }

    private static String queue(Random random) {
        // "d" is rare, so it is more often used without being created (R8).
        return QUEUES.get(random.nextInt(10) == 0 ? 3 : random.nextInt(3));
    }

    private static QueueConfig config(Random random) {
        return QueueConfig.builder()
                .concurrency(random.nextInt(4))
                .maxRetries(random.nextInt(4))
                .backoff(BACKOFFS[random.nextInt(BACKOFFS.length)])
                .delay(DELAYS[random.nextInt(DELAYS.length)])
                .retention(RETENTIONS[random.nextInt(RETENTIONS.length)])
                .build();
    }

    private static int task(Random random, List<Integer> enqueues) {
        if (enqueues.isEmpty() || random.nextInt(20) == 0) {
            return ModelOp.UNKNOWN;
        }
        // Recent tasks more often: they are the ones still pending.
        int recent = Math.min(enqueues.size(), 4);
        return random.nextBoolean() ? enqueues.get(enqueues.size() - 1 - random.nextInt(recent))
                : enqueues.get(random.nextInt(enqueues.size()));
    }
}
