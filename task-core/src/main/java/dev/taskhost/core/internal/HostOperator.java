package dev.taskhost.core.internal;

import dev.taskhost.api.QueueNotFoundException;
import dev.taskhost.api.QueueSummary;
import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskInfo;
import dev.taskhost.api.TaskLimits;
import dev.taskhost.api.TaskNotCancellableException;
import dev.taskhost.api.TaskNotFoundException;
import dev.taskhost.api.TaskNotRetryableException;
import dev.taskhost.api.TaskPage;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.core.OperatorActions;
import dev.taskhost.core.OperatorHost;
import dev.taskhost.core.OperatorQueue;
import dev.taskhost.core.OperatorTask;
import dev.taskhost.core.OperatorView;
import dev.taskhost.core.PayloadPreview;
import dev.taskhost.core.QueueActivity;
import dev.taskhost.core.spi.LiveHost;
import dev.taskhost.core.spi.OwnerStore;
import dev.taskhost.core.spi.StoredQueue;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.core.spi.TaskStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The operator's view of a host and its actions, as two separate objects so that a read-only
 * console holds no way to act. Reads go straight to the store; actions go through the owner's
 * {@link QueueOperations} when the owner has a service here, else straight to the store.
 * Thread-safe.
 */
public final class HostOperator {
    private final Runnable ensureOpen;
    private final TaskStore store;
    private final Map<String, Owner> owners;
    private final HostThreads threads;
    private final HostActivity activity;
    /** This host's id, its heartbeat's; empty for a view with no host. */
    private final Optional<String> hostId;
    private final View view = new View();
    private final Actions actions = new Actions();

    HostOperator(Engine engine, TaskStore store, Map<String, Owner> owners, HostThreads threads, String hostId) {
        this(engine::ensureOpen, store, owners, threads, threads.activity(), Optional.of(hostId));
    }

    private HostOperator(Runnable ensureOpen, TaskStore store, Map<String, Owner> owners, HostThreads threads,
                         HostActivity activity, Optional<String> hostId) {
        this.ensureOpen = ensureOpen;
        this.hostId = hostId;
        this.store = store;
        this.owners = owners;
        this.threads = threads;
        this.activity = activity;
    }

    /**
     * The view of a store opened read-only, with no host: no owner has a service, no queue runs here,
     * there is no activity to chart, and the actions are never handed out.
     *
     * @param ensureOpen throws {@link IllegalStateException} once the store is closed
     */
    public static OperatorView readOnlyView(TaskStore store, Runnable ensureOpen) {
        return new HostOperator(ensureOpen, store, Map.of(), null, new HostActivity(), Optional.empty()).view();
    }

    /** The read-only view. */
    public OperatorView view() {
        return view;
    }

    /** The actions. */
    public OperatorActions actions() {
        return actions;
    }

    /**
     * The owner's store, if the owner is stored or has a service here: looking never creates an
     * owner (a store's {@code owner(id)} would).
     */
    private Optional<OwnerStore> ownerStore(String owner) {
        Objects.requireNonNull(owner, "owner");
        ensureOpen.run();
        Owner active = owners.get(owner);
        if (active != null) {
            return Optional.of(active.store());
        }
        if (!TaskLimits.OWNER_ID.matcher(owner).matches() || !store.owners().contains(owner)) {
            return Optional.empty();
        }
        return Optional.of(store.owner(owner));
    }

    private OwnerStore requireQueue(String owner, String queueName) {
        Objects.requireNonNull(queueName, "queueName");
        return ownerStore(owner).filter(s -> s.queue(queueName).isPresent())
                .orElseThrow(() -> new QueueNotFoundException("owner '" + owner + "' has no queue '" + queueName
                        + "' (R49)"));
    }

    private boolean runsHere(String owner, String queueName) {
        Owner active = owners.get(owner);
        return active != null && active.queues().stream().anyMatch(q -> q.queue().equals(queueName));
    }

    private static TaskNotFoundException notFound(String owner, String taskId) {
        return new TaskNotFoundException("owner '" + owner + "' has no task '" + taskId + "' (R2)");
    }

    private final class View implements OperatorView {
        @Override
        public List<String> owners() {
            ensureOpen.run();
            TreeSet<String> ids = new TreeSet<>(store.owners());
            ids.addAll(owners.keySet());
            return List.copyOf(ids);
        }

        @Override
        public List<OperatorQueue> queues() {
            List<OperatorQueue> all = new ArrayList<>();
            List<String> owners = owners();
            List<LiveHost> live = liveHosts();
            for (String owner : owners) {
                ownerStore(owner).ifPresent(s -> s.queueNames()
                        .forEach(name -> summary(owner, s, name, live).ifPresent(all::add)));
            }
            return all;
        }

        @Override
        public Optional<OperatorQueue> queue(String owner, String queueName) {
            Objects.requireNonNull(queueName, "queueName");
            return ownerStore(owner).flatMap(s -> summary(owner, s, queueName, liveHosts()));
        }

        private Optional<OperatorQueue> summary(String owner, OwnerStore s, String name, List<LiveHost> live) {
            Optional<StoredQueue> stored = s.queue(name);
            return stored.map(q -> new OperatorQueue(owner,
                    new QueueSummary(name, q.config(), q.paused(), s.countByStatus(name)), runsHere(owner, name),
                    runningOn(owner, name, live)));
        }

        /** The ids of the live hosts that run the queue, sorted; this host's from its own state, not its last beat. */
        private List<String> runningOn(String owner, String name, List<LiveHost> live) {
            TreeSet<String> ids = new TreeSet<>();
            for (LiveHost host : live) {
                if (!isThisHost(host.hostId())
                        && host.queues().stream().anyMatch(q -> q.owner().equals(owner) && q.queue().equals(name))) {
                    ids.add(host.hostId());
                }
            }
            if (runsHere(owner, name)) {
                hostId.ifPresent(ids::add);
            }
            return List.copyOf(ids);
        }

        @Override
        public List<TaskInfo> running(String owner, String queueName) {
            Objects.requireNonNull(queueName, "queueName");
            return ownerStore(owner).map(s -> s.running(queueName).stream().map(TaskRecord::toInfo).toList())
                    .orElse(List.of());
        }

        @Override
        public TaskPage tasks(String owner, String queueName, Optional<TaskStatus> status, Optional<String> cursor,
                              int pageSize) {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(cursor, "cursor");
            TaskLimits.requirePageSize(pageSize);
            OwnerStore s = requireQueue(owner, queueName);
            dev.taskhost.core.spi.TaskPage page;
            try {
                page = s.list(queueName, status, cursor, pageSize);
            } catch (IllegalArgumentException badCursor) {
                throw TaskLimits.badCursor(queueName, cursor.orElse(""));
            }
            return new TaskPage(page.tasks().stream().map(TaskRecord::toInfo).toList(), page.nextCursor());
        }

        @Override
        public Optional<OperatorTask> task(String owner, String taskId) {
            Objects.requireNonNull(taskId, "taskId");
            return ownerStore(owner).flatMap(s -> s.find(taskId)).map(t -> new OperatorTask(owner, t.toInfo()));
        }

        @Override
        public Optional<OperatorTask> findTask(String taskId) {
            Objects.requireNonNull(taskId, "taskId");
            for (String owner : owners()) {
                Optional<OperatorTask> found = task(owner, taskId);
                if (found.isPresent()) {
                    return found;
                }
            }
            return Optional.empty();
        }

        @Override
        public Optional<OperatorTask> findByKey(String owner, String queueName, String key) {
            Objects.requireNonNull(queueName, "queueName");
            Objects.requireNonNull(key, "key");
            return ownerStore(owner).flatMap(s -> s.findByKey(queueName, key))
                    .map(t -> new OperatorTask(owner, t.toInfo()));
        }

        @Override
        public Optional<PayloadPreview> payload(String owner, String taskId, int maxBytes) {
            Objects.requireNonNull(taskId, "taskId");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
            }
            return ownerStore(owner).flatMap(s -> s.payload(taskId)).map(p -> PayloadPreview.of(p, maxBytes));
        }

        @Override
        public Optional<QueueActivity> activity(String owner, String queueName) {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(queueName, "queueName");
            ensureOpen.run();
            Instant now = now();
            List<QueueActivity> parts = new ArrayList<>();
            activity.of(owner, queueName, now).ifPresent(parts::add);
            for (LiveHost host : liveHosts()) {
                if (!isThisHost(host.hostId())) {
                    host.queues().stream().filter(q -> q.owner().equals(owner) && q.queue().equals(queueName))
                            .forEach(q -> parts.add(q.activity()));
                }
            }
            return HostActivity.sum(parts, now);
        }

        @Override
        public Map<String, QueueActivity> activities(String owner) {
            Objects.requireNonNull(owner, "owner");
            ensureOpen.run();
            Instant now = now();
            Map<String, List<QueueActivity>> parts = new TreeMap<>();
            Owner active = owners.get(owner);
            if (active != null) {
                for (QueueDispatcher queue : active.queues()) {
                    activity.of(owner, queue.queue(), now)
                            .ifPresent(a -> parts.computeIfAbsent(queue.queue(), k -> new ArrayList<>()).add(a));
                }
            }
            for (LiveHost host : liveHosts()) {
                if (!isThisHost(host.hostId())) {
                    host.queues().stream().filter(q -> q.owner().equals(owner))
                            .forEach(q -> parts.computeIfAbsent(q.queue(), k -> new ArrayList<>()).add(q.activity()));
                }
            }
            Map<String, QueueActivity> sums = new TreeMap<>();
            parts.forEach((queue, list) -> HostActivity.sum(list, now).ifPresent(a -> sums.put(queue, a)));
            return Collections.unmodifiableMap(sums);
        }

        @Override
        public List<OperatorHost> hosts() {
            ensureOpen.run();
            List<OperatorHost> hosts = new ArrayList<>();
            for (LiveHost host : liveHosts()) {
                hosts.add(new OperatorHost(host.hostId(), host.hostName(), host.pid(), host.startedAt(),
                        host.lastSeen(), host.queues().stream()
                                .map(q -> new OperatorHost.Run(q.owner(), q.queue(), q.running())).toList(),
                        isThisHost(host.hostId())));
            }
            return List.copyOf(hosts);
        }

        @Override
        public boolean hostsTracked() {
            return hostId.isPresent() || store.shared();
        }

        @Override
        public List<ScheduleInfo> schedules(String owner) {
            return ownerStore(owner)
                    .map(s -> OwnerSchedules.infos(s.schedules(), now()).stream()
                            .sorted(Comparator.comparing(ScheduleInfo::name)).toList())
                    .orElse(List.of());
        }
    }

    private List<LiveHost> liveHosts() {
        ensureOpen.run();
        return store.liveHosts();
    }

    private boolean isThisHost(String id) {
        return hostId.isPresent() && hostId.get().equals(id);
    }

    /** The host's clock; the system's for a view with no host. */
    private Instant now() {
        return threads == null ? Instant.now() : threads.now();
    }

    private final class Actions implements OperatorActions {
        @Override
        public void retry(String owner, String taskId) {
            Objects.requireNonNull(taskId, "taskId");
            Optional<QueueOperations> operations = operations(owner);
            if (operations.isPresent()) {
                operations.get().retry(taskId);
                return;
            }
            OwnerStore s = ownerStore(owner).orElseThrow(() -> notFound(owner, taskId));
            TaskStatus status = s.retry(taskId, threads.now()).orElseThrow(() -> notFound(owner, taskId));
            if (status != TaskStatus.FAILED && status != TaskStatus.CANCELLED) {
                throw new TaskNotRetryableException("task '" + taskId + "' is " + status
                        + "; only failed or cancelled tasks can be retried (R45)");
            }
        }

        @Override
        public void cancel(String owner, String taskId, boolean running) {
            Objects.requireNonNull(taskId, "taskId");
            Optional<QueueOperations> operations = operations(owner);
            if (operations.isPresent()) {
                operations.get().cancel(taskId, running);
                return;
            }
            // No service here: the host that runs it finds the cancel when it renews its lease (R47).
            OwnerStore s = ownerStore(owner).orElseThrow(() -> notFound(owner, taskId));
            TaskStatus status = s.cancel(taskId, running, threads.now()).orElseThrow(() -> notFound(owner, taskId));
            if (status != TaskStatus.PENDING && !(status == TaskStatus.RUNNING && running)) {
                throw new TaskNotCancellableException("task '" + taskId + "' is " + status + "; only pending "
                        + (running ? "or running tasks can be cancelled (R47)" : "tasks can be cancelled (R18)"));
            }
        }

        @Override
        public long clear(String owner, String queueName) {
            OwnerStore s = requireQueue(owner, queueName);
            long cleared = s.cancelPending(queueName, threads.now());
            Owner active = owners.get(owner);
            if (cleared > 0 && active != null) {
                active.sweepNextExpiry();
            }
            return cleared;
        }

        @Override
        public long retryFailed(String owner, String queueName, int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, was " + limit);
            }
            OwnerStore s = requireQueue(owner, queueName);
            long retried = 0;
            Optional<String> cursor = Optional.empty();
            while (retried < limit) {
                int size = (int) Math.min(TaskLimits.MAX_PAGE_SIZE, limit - retried);
                dev.taskhost.core.spi.TaskPage page = s.list(queueName, Optional.of(TaskStatus.FAILED), cursor, size);
                for (TaskRecord task : page.tasks()) {
                    // A task retried meanwhile by someone else is simply not counted.
                    if (s.retry(task.id(), threads.now()).filter(st -> st == TaskStatus.FAILED).isPresent()) {
                        retried++;
                    }
                }
                if (page.nextCursor().isEmpty()) {
                    break;
                }
                cursor = page.nextCursor();
            }
            wake(owner, queueName);
            return retried;
        }

        @Override
        public void pause(String owner, String queueName) {
            setPaused(owner, queueName, true);
        }

        @Override
        public void resume(String owner, String queueName) {
            setPaused(owner, queueName, false);
        }

        private void setPaused(String owner, String queueName, boolean paused) {
            OwnerStore s = requireQueue(owner, queueName);
            Instant now = threads.now();
            s.setPaused(queueName, paused, now);
            if (!paused) {
                wake(owner, queueName);
            }
            threads.events().paused(owner, queueName, paused, now);
        }

        private void wake(String owner, String queueName) {
            Owner active = owners.get(owner);
            if (active != null) {
                active.queues().stream().filter(q -> q.queue().equals(queueName)).forEach(QueueDispatcher::wake);
            }
        }

        private Optional<QueueOperations> operations(String owner) {
            Objects.requireNonNull(owner, "owner");
            ensureOpen.run();
            return Optional.ofNullable(owners.get(owner)).map(o -> new QueueOperations(o, threads));
        }
    }
}
