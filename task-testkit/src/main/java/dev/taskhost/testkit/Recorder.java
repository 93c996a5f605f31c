package dev.taskhost.testkit;

import dev.taskhost.api.Task;
import dev.taskhost.api.TaskWorker;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A worker that records every attempt (with a copy of its payload as handed over) and then acts. */
final class Recorder implements TaskWorker {
    private final List<Task> calls = new CopyOnWriteArrayList<>();
    private final TaskWorker behaviour;

    Recorder(TaskWorker behaviour) {
        this.behaviour = behaviour;
    }

    static String done(Task task) {
        return "done";
    }

    static String fail(Task task) throws IOException {
        throw new IOException("attempt " + task.attempt() + " failed");
    }

    @Override
    public String execute(Task task) throws Exception {
        calls.add(new Task(task.queueName(), task.taskId(), task.payload().clone(), task.attempt()));
        return behaviour.execute(task);
    }

    List<Task> calls() {
        return List.copyOf(calls);
    }

    List<String> payloads() {
        return calls.stream().map(call -> ContractSection.text(call.payload())).toList();
    }

    List<Integer> attempts(String taskId) {
        return calls.stream().filter(call -> call.taskId().equals(taskId)).map(Task::attempt).toList();
    }

    Task call(String taskId, int attempt) {
        return calls.stream().filter(call -> call.taskId().equals(taskId) && call.attempt() == attempt)
                .findFirst()
                .orElseThrow(() -> new AssertionError("task " + taskId + " had no attempt " + attempt));
    }
}
