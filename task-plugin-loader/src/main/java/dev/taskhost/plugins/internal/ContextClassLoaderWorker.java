package dev.taskhost.plugins.internal;

import dev.taskhost.api.Task;
import dev.taskhost.api.TaskWorker;

/**
 * A plugin's worker, run with the plugin's class loader as the context class loader, as its
 * {@code start} was; the host's worker thread gets its own loader back afterwards.
 */
final class ContextClassLoaderWorker implements TaskWorker {
    private final TaskWorker worker;
    private final ClassLoader loader;

    ContextClassLoaderWorker(TaskWorker worker, ClassLoader loader) {
        this.worker = worker;
        this.loader = loader;
    }

    @Override
    public String execute(Task task) throws Exception {
        return ContextClassLoader.call(loader, () -> worker.execute(task));
    }
}
