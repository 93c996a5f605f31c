package dev.taskhost.testkit.internal;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;
import java.util.Optional;

/** A stored task of the fake. Mutable; guarded by the {@link InMemoryTasks} that holds it. */
final class FakeTask {
    final String id;
    final String queueName;
    final byte[] payload;
    final long sequence;
    final Instant createdAt;
    final int priority;
    /** Dropped by a retry when another unfinished task of the queue took it meanwhile (R43, R45). */
    Optional<String> key;
    TaskStatus status = TaskStatus.PENDING;
    String message = "";
    int attempt;
    Instant updatedAt;
    Instant readyAt;
    Optional<TaskProgress> progress = Optional.empty();
    /** The running attempt's control, while it runs. */
    Optional<RunControl> run = Optional.empty();

    FakeTask(String id, String queueName, byte[] payload, long sequence, Instant createdAt, Instant readyAt,
             int priority, Optional<String> key) {
        this.id = id;
        this.queueName = queueName;
        this.payload = payload;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.readyAt = readyAt;
        this.priority = priority;
        this.key = key;
    }

    boolean isReadyAt(Instant now) {
        return status == TaskStatus.PENDING && !readyAt.isAfter(now);
    }

    /** Higher priority first (R42), then ready time, then enqueue order on ties (R11). */
    boolean startsBefore(FakeTask other) {
        if (priority != other.priority) {
            return priority > other.priority;
        }
        int byReadiness = readyAt.compareTo(other.readyAt);
        return byReadiness != 0 ? byReadiness < 0 : sequence < other.sequence;
    }

    /** Whether the task holds its key (R43): it has one and is pending or running. */
    boolean holdsKey(String queue, String wanted) {
        return !status.isTerminal() && queueName.equals(queue) && key.isPresent() && key.get().equals(wanted);
    }

    void update(TaskStatus newStatus, String newMessage, Instant now) {
        status = newStatus;
        message = newMessage;
        updatedAt = now;
    }

    TaskInfo toInfo() {
        return new TaskInfo(id, queueName, status, message, attempt, createdAt, updatedAt, priority, key, progress,
                status == TaskStatus.PENDING ? Optional.of(readyAt) : Optional.empty());
    }
}
