package dev.taskhost.testkit;

import dev.taskhost.api.Task;
import dev.taskhost.api.TaskWorker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A worker that takes a little while and tracks how many tasks of each queue run at once. */
final class InFlight implements TaskWorker {
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> most = new ConcurrentHashMap<>();
    private final AtomicInteger ran = new AtomicInteger();

    @Override
    public String execute(Task task) throws InterruptedException {
        AtomicInteger inQueue = running.computeIfAbsent(task.queueName(), queue -> new AtomicInteger());
        int now = inQueue.incrementAndGet();
        most.computeIfAbsent(task.queueName(), queue -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            Thread.sleep(20); // long enough for a pool to overlap runs, if it ever would
            return "done";
        } finally {
            inQueue.decrementAndGet();
            ran.incrementAndGet();
        }
    }

    int most(String queueName) {
        AtomicInteger seen = most.get(queueName);
        return seen == null ? 0 : seen.get();
    }

    int ran() {
        return ran.get();
    }
}
