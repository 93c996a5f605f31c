package dev.taskhost.console;

import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.OperatorHost;
import dev.taskhost.core.OperatorQueue;
import dev.taskhost.core.OperatorTask;
import dev.taskhost.core.OperatorView;
import dev.taskhost.core.PayloadPreview;
import dev.taskhost.core.QueueActivity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A real view whose live hosts are the real ones as {@code edit} changes them (made-up hosts added,
 * removed or in their place), read on every call; it tracks hosts.
 */
record EditedHostsView(OperatorView real, UnaryOperator<List<OperatorHost>> edit) implements OperatorView {
    @Override
    public List<OperatorHost> hosts() {
        return edit.apply(real.hosts());
    }

    @Override
    public List<String> owners() {
        return real.owners();
    }

    @Override
    public List<OperatorQueue> queues() {
        return real.queues();
    }

    @Override
    public Optional<OperatorQueue> queue(String owner, String queueName) {
        return real.queue(owner, queueName);
    }

    @Override
    public List<TaskInfo> running(String owner, String queueName) {
        return real.running(owner, queueName);
    }

    @Override
    public TaskPage tasks(String owner, String queueName, Optional<TaskStatus> status, Optional<String> cursor,
                          int pageSize) {
        return real.tasks(owner, queueName, status, cursor, pageSize);
    }

    @Override
    public Optional<OperatorTask> task(String owner, String taskId) {
        return real.task(owner, taskId);
    }

    @Override
    public Optional<OperatorTask> findTask(String taskId) {
        return real.findTask(taskId);
    }

    @Override
    public Optional<OperatorTask> findByKey(String owner, String queueName, String key) {
        return real.findByKey(owner, queueName, key);
    }

    @Override
    public Optional<PayloadPreview> payload(String owner, String taskId, int maxBytes) {
        return real.payload(owner, taskId, maxBytes);
    }

    @Override
    public Optional<QueueActivity> activity(String owner, String queueName) {
        return real.activity(owner, queueName);
    }

    @Override
    public Map<String, QueueActivity> activities(String owner) {
        return real.activities(owner);
    }

    @Override
    public List<ScheduleInfo> schedules(String owner) {
        return real.schedules(owner);
    }

    @Override
    public boolean hostsTracked() {
        return true;
    }
}
