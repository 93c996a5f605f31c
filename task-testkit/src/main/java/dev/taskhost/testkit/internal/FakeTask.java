package dev.taskhost.testkit.internal;

import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskStatus;
import java.time.Instant;

/** A stored task of the fake. Mutable; guarded by the {@link InMemoryTasks} that holds it. */
final class FakeTask {
    final String id;
    final String queueName;
    final byte[] payload;
    final long sequence;
    final Instant createdAt;
    TaskStatus status = TaskStatus.PENDING;
    String message = "";
    int attempt;
    Instant updatedAt;
    Instant readyAt;

    FakeTask(String id, String queueName, byte[] payload, long sequence, Instant createdAt) {
        this.id = id;
        this.queueName = queueName;
        this.payload = payload;
        this.sequence = sequence;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
        this.readyAt = createdAt;
    }

    boolean isReadyAt(Instant now) {
        return status == TaskStatus.PENDING && !readyAt.isAfter(now);
    }

    /** Ready time first, enqueue order on ties (R11). */
    boolean startsBefore(FakeTask other) {
        int byReadiness = readyAt.compareTo(other.readyAt);
        return byReadiness != 0 ? byReadiness < 0 : sequence < other.sequence;
    }

    void update(TaskStatus newStatus, String newMessage, Instant now) {
        status = newStatus;
        message = newMessage;
        updatedAt = now;
    }

    TaskInfo toInfo() {
        return new TaskInfo(id, queueName, status, message, attempt, createdAt, updatedAt);
    }
}
