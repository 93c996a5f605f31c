package dev.taskhost.plugins.internal;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskService;

/** The task service a plugin gets: the host's, each call made as the host would make it ({@link HostCalls}). */
final class PluginTaskService implements TaskService {
    private final TaskService service;
    private final HostCalls hostCalls;

    PluginTaskService(TaskService service, HostCalls hostCalls) {
        this.service = service;
        this.hostCalls = hostCalls;
    }

    @Override
    public void createQueue(String name, QueueConfig config) {
        hostCalls.run(() -> service.createQueue(name, config));
    }

    @Override
    public String enqueue(String queueName, byte[] payload) {
        return hostCalls.call(() -> service.enqueue(queueName, payload));
    }

    @Override
    public TaskInfo get(String taskId) {
        return hostCalls.call(() -> service.get(taskId));
    }

    @Override
    public void cancel(String taskId) {
        hostCalls.run(() -> service.cancel(taskId));
    }

    @Override
    public long clearQueue(String queueName) {
        return hostCalls.call(() -> service.clearQueue(queueName));
    }

    @Override
    public String toString() {
        return service.toString();
    }
}
