package dev.taskhost.core.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A JFR event for one run of a task's worker, on the worker's thread; its duration is the
 * worker's. Built and committed only while a recording enables it.
 */
@Name(TaskRunEvent.NAME)
@Label("Task Run")
@Category({"taskhost"})
@Description("One attempt of a task on a worker thread")
@StackTrace(false)
final class TaskRunEvent extends jdk.jfr.Event {
    static final String NAME = "dev.taskhost.TaskRun";

    @Label("Owner")
    String owner;
    @Label("Queue")
    String queue;
    @Label("Task Id")
    String taskId;
    @Label("Attempt")
    int attempt;
    @Label("Result")
    @Description("returned, threw, or non-retryable (R46)")
    String result;

    /**
     * Commits the run's event if a recording wants it.
     *
     * @param workerThreadName "taskhost-worker[owner/queue]": the owner is read from it only when
     *     the event is committed (owner ids have no '/', R3)
     */
    void commit(String workerThreadName, String queue, String taskId, int attempt, String result) {
        end();
        if (shouldCommit()) {
            int open = workerThreadName.indexOf('[');
            int slash = workerThreadName.indexOf('/', open + 1);
            this.owner = open >= 0 && slash > open ? workerThreadName.substring(open + 1, slash) : "";
            this.queue = queue;
            this.taskId = taskId;
            this.attempt = attempt;
            this.result = result;
            commit();
        }
    }
}
