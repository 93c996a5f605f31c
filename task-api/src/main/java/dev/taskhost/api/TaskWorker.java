package dev.taskhost.api;

/**
 * The callback the host calls when a task is due. Called from the host's worker threads,
 * possibly for several tasks at once (up to the queue's concurrency), so it must be thread-safe.
 */
@FunctionalInterface
public interface TaskWorker {

    /**
     * Runs one attempt of the task.
     *
     * @return the task's message on success; {@code null} is stored as {@code ""} (R16)
     * @throws Exception to fail the attempt; anything thrown, {@link Error}s included, fails only
     *     this attempt (R24). A worker should stop when interrupted: that is how a timeout (R15)
     *     and shutdown (R22) reach it.
     */
    String execute(Task task) throws Exception;
}
