package dev.taskhost.testkit;

import dev.taskhost.api.QueueConfig;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.spi.ClaimRequest;
import dev.taskhost.core.spi.ClaimResult;
import dev.taskhost.core.spi.Lease;
import dev.taskhost.core.spi.NewTask;
import dev.taskhost.core.spi.Outcome;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.ProgressReport;
import dev.taskhost.core.spi.RunRef;
import dev.taskhost.core.spi.ScheduleFire;
import dev.taskhost.core.spi.StoredSchedule;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskPage;
import dev.taskhost.core.spi.TaskRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A real owner store with every call passed through, for tests that make a store misbehave (slow,
 * failing, counting): a subclass overrides the few calls it changes. Thread-safe if the store is.
 */
// The storage SPI's types are in the signatures; core is a static dependency, as for TaskStoreContract.
@SuppressWarnings("exports")
public abstract class ForwardingOwnerStore implements OwnerStore {
    private final OwnerStore store;

    /** @param store the store every call goes to */
    protected ForwardingOwnerStore(OwnerStore store) {
        this.store = store;
    }

    @Override
    public void saveQueue(String queueName, QueueConfig config, Instant now) {
        store.saveQueue(queueName, config, now);
    }

    @Override
    public Optional<StoredQueue> queue(String queueName) {
        return store.queue(queueName);
    }

    @Override
    public List<String> queueNames() {
        return store.queueNames();
    }

    @Override
    public void setPaused(String queueName, boolean paused, Instant now) {
        store.setPaused(queueName, paused, now);
    }

    @Override
    public String insert(NewTask task) {
        return store.insert(task);
    }

    @Override
    public Optional<TaskRecord> find(String taskId) {
        return store.find(taskId);
    }

    @Override
    public Optional<byte[]> payload(String taskId) {
        return store.payload(taskId);
    }

    @Override
    public Optional<TaskRecord> findByKey(String queueName, String key) {
        return store.findByKey(queueName, key);
    }

    @Override
    public Optional<TaskStatus> cancel(String taskId, boolean running, Instant now) {
        return store.cancel(taskId, running, now);
    }

    @Override
    public long cancelPending(String queueName, Instant now) {
        return store.cancelPending(queueName, now);
    }

    @Override
    public Optional<TaskStatus> retry(String taskId, Instant now) {
        return store.retry(taskId, now);
    }

    @Override
    public ClaimResult claim(ClaimRequest request) {
        return store.claim(request);
    }

    @Override
    public ClaimResult recordThenClaim(List<Outcome> outcomes, ClaimRequest request) {
        return store.recordThenClaim(outcomes, request);
    }

    @Override
    public Optional<Instant> nextReadyAt(String queueName) {
        return store.nextReadyAt(queueName);
    }

    @Override
    public List<TaskRecord> running(String queueName) {
        return store.running(queueName);
    }

    @Override
    public List<TaskRecord> abandoned(String queueName, String holder) {
        return store.abandoned(queueName, holder);
    }

    @Override
    public int record(List<Outcome> outcomes) {
        return store.record(outcomes);
    }

    @Override
    public int recordAbandoned(List<Outcome> outcomes, String holder) {
        return store.recordAbandoned(outcomes, holder);
    }

    @Override
    public Set<RunRef> renewLeases(Collection<RunRef> runs, Lease lease) {
        return store.renewLeases(runs, lease);
    }

    @Override
    public void saveProgress(List<ProgressReport> reports) {
        store.saveProgress(reports);
    }

    @Override
    public int purgeExpired(Instant now, int limit) {
        return store.purgeExpired(now, limit);
    }

    @Override
    public Optional<Instant> nextExpiry() {
        return store.nextExpiry();
    }

    @Override
    public Map<TaskStatus, Long> countByStatus(String queueName) {
        return store.countByStatus(queueName);
    }

    @Override
    public TaskPage list(String queueName, Optional<TaskStatus> status, Optional<String> after, int limit) {
        return store.list(queueName, status, after, limit);
    }

    @Override
    public boolean saveSchedule(String name, String queueName, String spec, byte[] payload, Instant now) {
        return store.saveSchedule(name, queueName, spec, payload, now);
    }

    @Override
    public boolean deleteSchedule(String name) {
        return store.deleteSchedule(name);
    }

    @Override
    public Optional<StoredSchedule> schedule(String name) {
        return store.schedule(name);
    }

    @Override
    public List<StoredSchedule> schedules() {
        return store.schedules();
    }

    @Override
    public Optional<String> fire(ScheduleFire fire) {
        return store.fire(fire);
    }
}
