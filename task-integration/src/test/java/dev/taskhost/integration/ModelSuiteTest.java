package dev.taskhost.integration;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model-based suite: random sequences of calls and clock steps, run against a reference model of
 * SPEC, the real host on SQLite and the testkit's fake, compared step by step (R1 to R16, R18 to
 * R21, R24, and of R41 to R47: scheduled, prioritized and keyed enqueues, pause and resume, retry,
 * no-retry failures, cancel of a running task). A difference fails with the shortest sequence that
 * still shows it.
 *
 * <p>System properties: {@code model.seed} (random; printed), {@code model.sequences} (200),
 * {@code model.steps} (40). Sequence {@code i} is generated from {@code seed + i}, so one failing
 * sequence replays alone with {@code -Dmodel.seed=<its seed> -Dmodel.sequences=1}.
 */
@Tag("model")
class ModelSuiteTest {
    private static final int SEQUENCES = Integer.getInteger("model.sequences", 200);
    private static final int STEPS = Integer.getInteger("model.steps", 40);

    @TempDir
    Path work;

    @Test
    void r1_to_r24_r41_to_r47_theHostAndTheFakeBehaveAsTheModelOfSpecStepByStep() throws Exception {
        long seed = Long.getLong("model.seed", System.nanoTime());
        System.out.printf("model suite: seed %d (replay with -Dmodel.seed=%d), %d sequences of %d steps%n",
                seed, seed, SEQUENCES, STEPS);
        long steps = 0;
        for (int i = 0; i < SEQUENCES; i++) {
            List<ModelOp> ops = ModelGenerator.sequence(seed + i, STEPS);
            Optional<ModelRun.Divergence> divergence = ModelRun.run(ops, work);
            if (divergence.isPresent()) {
                reportShrunk(seed + i, ops, divergence.get());
            }
            steps += ops.size();
        }
        System.out.printf("model suite: seed %d, sequences run %d, steps compared %d, differences 0%n",
                seed, SEQUENCES, steps);
    }

    private void reportShrunk(long sequenceSeed, List<ModelOp> ops, ModelRun.Divergence found) throws Exception {
        List<ModelOp> shortest = shrink(new ArrayList<>(ops.subList(0, found.step() + 1)));
        ModelRun.Divergence divergence = ModelRun.run(shortest, work).orElse(found);
        String steps = shortest.stream().map(op -> "  " + op).collect(Collectors.joining("\n"));
        String message = String.format("model suite: sequence seed %d (replay with -Dmodel.seed=%d "
                        + "-Dmodel.sequences=1): shrunk from %d to %d steps:%n%s%n  differs at step %d: %s",
                sequenceSeed, sequenceSeed, found.step() + 1, shortest.size(), steps, divergence.step() + 1,
                divergence.what());
        fail(message);
    }

    /** Drops chunks of steps, then single steps, for as long as the sequence still fails. */
    private List<ModelOp> shrink(List<ModelOp> failing) throws Exception {
        List<ModelOp> current = failing;
        for (int chunk = Math.max(1, current.size() / 2); chunk >= 1; chunk = chunk == 1 ? 0 : Math.max(1, chunk / 2)) {
            boolean dropped = true;
            while (dropped) {
                dropped = false;
                for (int from = 0; from + chunk <= current.size(); from++) {
                    List<ModelOp> candidate = new ArrayList<>(current.subList(0, from));
                    candidate.addAll(current.subList(from + chunk, current.size()));
                    Optional<ModelRun.Divergence> still = ModelRun.run(candidate, work);
                    if (still.isPresent()) {
                        current = new ArrayList<>(candidate.subList(0, still.get().step() + 1));
                        dropped = true;
                        break;
                    }
                }
            }
        }
        return current;
    }
}
