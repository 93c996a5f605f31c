package dev.taskhost.integration;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.TaskService;
import dev.taskhost.testkit.ManualClock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@link TaskService} under test in a model-based sequence, on its own {@link ManualClock}: the real
 * host on SQLite, or the testkit's fake. Keeps which id each enqueue returned, to turn the sequence's
 * labels into ids and ids in messages back into labels.
 */
final class ServiceSubject implements ModelSubject {
    /** R9: URL-safe, and long enough for 122 random bits. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22,}");
    static final String UNKNOWN_ID = "no-such-task";

    /** Runs what is due until idle: the host's awaitIdle, the fake's runDue. */
    @FunctionalInterface
    interface Settler {
        void settle() throws Exception;
    }

    private final TaskService service;
    private final ManualClock clock;
    private final Settler settler;
    private final AutoCloseable closer;
    private final Map<Integer, String> ids = new HashMap<>();
    /** The label of the enqueue that first returned each id. */
    private final Map<String, Integer> labels = new HashMap<>();

    ServiceSubject(TaskService service, ManualClock clock, Settler settler, AutoCloseable closer) {
        this.service = service;
        this.clock = clock;
        this.settler = settler;
        this.closer = closer;
    }

    @Override
    public Observation apply(ModelOp op) throws Exception {
        Observation seen;
        try {
            seen = call(op);
        } catch (RuntimeException | Error e) {
            seen = Observation.threw(e, normalize(String.valueOf(e.getMessage())));
        }
        settler.settle();
        return seen;
    }

    private Observation call(ModelOp op) {
        if (op instanceof ModelOp.CreateQueue create) {
            service.createQueue(create.queue(), create.config());
            return Observation.of("created");
        }
        if (op instanceof ModelOp.Enqueue enqueue) {
            String id = enqueue.options().equals(EnqueueOptions.defaults())
                    ? service.enqueue(enqueue.queue(), enqueue.payload())
                    : service.enqueue(enqueue.queue(), enqueue.payload(), enqueue.options());
            ids.put(enqueue.label(), id);
            Integer first = labels.putIfAbsent(id, enqueue.label());
            if (first != null) {
                return Observation.of("the id of #" + first); // R43: a held key
            }
            return Observation.of(ID.matcher(id).matches() ? "an id" : "a bad id: " + id);
        }
        if (op instanceof ModelOp.Cancel cancel) {
            if (cancel.interrupt()) {
                service.cancel(id(cancel.task()), true);
            } else {
                service.cancel(id(cancel.task()));
            }
            return Observation.of("cancelled");
        }
        if (op instanceof ModelOp.Pause pause) {
            service.pauseQueue(pause.queue());
            return Observation.of("paused");
        }
        if (op instanceof ModelOp.Resume resume) {
            service.resumeQueue(resume.queue());
            return Observation.of("resumed");
        }
        if (op instanceof ModelOp.Retry retry) {
            service.retry(id(retry.task()));
            return Observation.of("retried");
        }
        if (op instanceof ModelOp.Get get) {
            return Observation.of(service.get(id(get.task())));
        }
        if (op instanceof ModelOp.ClearQueue clear) {
            return Observation.of("cleared " + service.clearQueue(clear.queue()));
        }
        if (op instanceof ModelOp.Advance advance) {
            clock.advance(advance.by());
        }
        return Observation.of("done");
    }

    @Override
    public Observation get(int label) {
        try {
            return Observation.of(service.get(id(label)));
        } catch (RuntimeException e) {
            return Observation.threw(e, normalize(String.valueOf(e.getMessage())));
        }
    }

    private String id(int label) {
        return ids.getOrDefault(label, UNKNOWN_ID);
    }

    /** Ids differ between implementations; messages are compared with the labels in their place. */
    private String normalize(String message) {
        String normalized = message;
        for (Map.Entry<String, Integer> id : labels.entrySet()) {
            normalized = normalized.replace(id.getKey(), "<task of #" + id.getValue() + ">");
        }
        return normalized;
    }

    @Override
    public void close() {
        try {
            closer.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing " + service + " failed", e);
        }
    }
}
