package dev.taskhost.integration;

import dev.taskhost.api.EnqueueOptions;
import dev.taskhost.api.QueueConfig;
import java.time.Duration;

/**
 * One step of a model-based sequence. Steps carry a label, their place in the sequence as generated,
 * so that a step can name the task an earlier enqueue made, and still does once shrinking removed
 * others. A reference to an enqueue that is gone, or that failed, names no task.
 */
sealed interface ModelOp {
    /** A task reference that names no task ever enqueued. */
    int UNKNOWN = -1;

    int label();

    record CreateQueue(int label, String queue, QueueConfig config) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " createQueue(" + queue + ", concurrency " + config.concurrency() + ", maxRetries "
                    + config.maxRetries() + ", backoff " + config.backoff() + ", delay " + config.delay()
                    + ", retention " + config.retention() + ")";
        }
    }

    /** An enqueue; with options other than the defaults, through the three-argument enqueue (R41-R43). */
    record Enqueue(int label, String queue, ModelWorker behaviour, byte[] extra, EnqueueOptions options)
            implements ModelOp {
        byte[] payload() {
            return behaviour.payload(extra);
        }

        @Override
        public String toString() {
            return "#" + label + " enqueue(" + queue + ", " + behaviour + " + " + extra.length + " bytes"
                    + (options.equals(EnqueueOptions.defaults()) ? "" : ", " + options) + ")";
        }
    }

    /** A cancel; with {@code interrupt}, {@code cancel(id, true)} (R47). */
    record Cancel(int label, int task, boolean interrupt) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " cancel(" + name(task) + (interrupt ? ", true" : "") + ")";
        }
    }

    record Pause(int label, String queue) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " pauseQueue(" + queue + ")";
        }
    }

    record Resume(int label, String queue) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " resumeQueue(" + queue + ")";
        }
    }

    record Retry(int label, int task) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " retry(" + name(task) + ")";
        }
    }

    record Get(int label, int task) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " get(" + name(task) + ")";
        }
    }

    record ClearQueue(int label, String queue) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " clearQueue(" + queue + ")";
        }
    }

    record Advance(int label, Duration by) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " advance(" + by + ")";
        }
    }

    /** Nothing but the settling every step ends with: run what is due until idle. */
    record RunUntilIdle(int label) implements ModelOp {
        @Override
        public String toString() {
            return "#" + label + " runUntilIdle()";
        }
    }

    private static String name(int task) {
        return task == UNKNOWN ? "an unknown id" : "the task of #" + task;
    }
}
