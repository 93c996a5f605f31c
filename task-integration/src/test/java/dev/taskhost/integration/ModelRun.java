package dev.taskhost.integration;

import dev.taskhost.api.TaskService;
import dev.taskhost.core.TaskHost;
import dev.taskhost.testkit.FakeTaskService;
import dev.taskhost.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs one sequence step by step against the reference model, the real host on SQLite (on a manual
 * clock, settled with {@code awaitIdle}) and the testkit's fake (settled with {@code runDue}), and
 * compares what each step showed, then what {@code get} shows of every task so far.
 */
final class ModelRun {
    static final String OWNER = "model";
    private static final Instant START = ManualClock.DEFAULT_START;
    private static final Duration IDLE_LIMIT = Duration.ofSeconds(30);

    /** Where the three first disagreed. */
    record Divergence(int step, String what) {
    }

    private ModelRun() {
    }

    /** Runs {@code ops} on fresh subjects; the host's files go in a new folder under {@code workDirectory}. */
    static Optional<Divergence> run(List<ModelOp> ops, Path workDirectory) throws IOException {
        Path data = Files.createTempDirectory(workDirectory, "host");
        try (SpecModel model = new SpecModel(START, ModelGenerator.BUDGET);
             ModelSubject host = host(data);
             ModelSubject fake = fake()) {
            List<Integer> enqueued = new ArrayList<>();
            for (int step = 0; step < ops.size(); step++) {
                ModelOp op = ops.get(step);
                if (op instanceof ModelOp.Enqueue) {
                    enqueued.add(op.label());
                }
                Optional<String> difference = compare(op.toString(), model.apply(op), apply(host, op), apply(fake, op));
                for (int i = 0; i < enqueued.size() && difference.isEmpty(); i++) {
                    int label = enqueued.get(i);
                    difference = compare("then get(the task of #" + label + ")", model.get(label), host.get(label),
                            fake.get(label));
                }
                if (difference.isPresent()) {
                    return Optional.of(new Divergence(step, difference.get()));
                }
            }
            return Optional.empty();
        } finally {
            deleteTree(data);
        }
    }

    private static Observation apply(ModelSubject subject, ModelOp op) {
        try {
            return subject.apply(op);
        } catch (Exception e) {
            return Observation.of("settling failed: " + e);
        }
    }

    private static Optional<String> compare(String call, Observation model, Observation host, Observation fake) {
        if (model.result().equals(host.result()) && model.result().equals(fake.result())
                && host.message().equals(fake.message())) {
            return Optional.empty();
        }
        return Optional.of(call + "\n      model: " + model + "\n      host:  " + host + "\n      fake:  " + fake);
    }

    private static ModelSubject host(Path data) {
        ManualClock clock = ManualClock.startingAt(START);
        TaskHost host = TaskHost.builder().dataDirectory(data).clock(clock).shutdownGrace(Duration.ZERO).build();
        AtomicReference<TaskService> service = new AtomicReference<>();
        service.set(host.service(OWNER, ModelGenerator.BUDGET, ModelWorker.worker(service::get)));
        return new ServiceSubject(service.get(), clock, () -> {
            if (!host.awaitIdle(IDLE_LIMIT)) {
                throw new IllegalStateException("the host did not go idle within " + IDLE_LIMIT);
            }
        }, host);
    }

    private static ModelSubject fake() {
        AtomicReference<TaskService> service = new AtomicReference<>();
        FakeTaskService fake = FakeTaskService.builder().worker(ModelWorker.worker(service::get)).owner(OWNER)
                .maxConcurrency(ModelGenerator.BUDGET).clock(ManualClock.startingAt(START)).build();
        service.set(fake);
        return new ServiceSubject(fake, fake.clock(), fake::runDue, () -> { });
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
