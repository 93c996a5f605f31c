package dev.taskhost.integration;

/** Something a model-based sequence runs against: the reference model, the real host, the fake. */
interface ModelSubject extends AutoCloseable {

    /** Runs the step's call and says what it showed; then runs what became due, until idle. */
    Observation apply(ModelOp op) throws Exception;

    /** What {@code get} shows for the task that the enqueue labelled {@code label} made. */
    Observation get(int label);

    @Override
    void close();
}
