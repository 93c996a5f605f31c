package dev.taskhost.samples.host;

import dev.taskhost.api.ScheduleInfo;
import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.OperatorHost;
import dev.taskhost.core.StoreView;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.samples.host.internal.OwnerCounts;
import dev.taskhost.samples.host.internal.Problems;
import dev.taskhost.samples.host.internal.ProgressDisplay;
import dev.taskhost.samples.host.internal.QueueCounts;
import dev.taskhost.samples.host.internal.StoreChoice;
import dev.taskhost.samples.host.internal.StoreReader;
import dev.taskhost.samples.host.internal.Table;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code taskhost inspect}: what a data directory holds, by owner and queue, or one queue's tasks. */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = Launcher.ModuleVersion.class,
        sortOptions = false,
        description = {
            "Lists a data directory's owners and queues, or one queue's tasks; or a PostgreSQL store's, with --postgres.",
            "",
            "Without --queue: each queue of each owner (or of --owner) with its tasks counted by status, "
                    + "and whether it is paused; without --owner, then the live hosts of a shared store "
                    + "(PostgreSQL) with their pid, start, last heartbeat and the queues each runs with how many "
                    + "tasks it runs now (SQLite files cannot tell); with --owner, also its schedules with their "
                    + "next and last fire. With --owner and --queue: that queue's tasks, oldest first, with "
                    + "id, status, attempt, priority, key, last progress, last update and message. Reads while a "
                    + "host runs, or a copy at rest; creates nothing, changes nothing (pausing, retrying and "
                    + "cancelling need a running host).",
            ""})
final class InspectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATA_DIR",
            description = "The data directory, such as ./data (or --postgres URL instead).")
    private Optional<Path> data = Optional.empty();

    @Mixin
    private PostgresOptions postgres;

    /** The store read, in words, for messages. */
    private String where = "";

    /** The store read, once call has chosen it. */
    private StoreChoice chosen = StoreChoice.sqlite(Path.of("data"));

    @Option(names = "--owner", paramLabel = "OWNER", description = "Only this owner (a plugin id).")
    private Optional<String> owner = Optional.empty();

    @Option(names = "--queue", paramLabel = "QUEUE", description = "List this queue's tasks (needs --owner).")
    private Optional<String> queue = Optional.empty();

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only tasks with this status: ${COMPLETION-CANDIDATES}.")
    private Optional<TaskStatus> status = Optional.empty();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "At most N tasks, oldest first (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Override
    public Integer call() {
        CommandLine commandLine = spec.commandLine();
        if (queue.isPresent() && owner.isEmpty()) {
            throw new ParameterException(commandLine, "--queue needs --owner: queue names are per owner");
        }
        if (status.isPresent() && queue.isEmpty()) {
            throw new ParameterException(commandLine, "--status needs --owner and --queue");
        }
        if (limit < 1) {
            throw new ParameterException(commandLine, "--limit must be at least 1, was " + limit);
        }
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        if (data.isPresent() == postgres.given()) {
            throw new ParameterException(commandLine, data.isPresent() ? "give DATA_DIR or --postgres URL, not both"
                    : "give the data directory (DATA_DIR), or --postgres URL for a PostgreSQL store");
        }
        // A PostgreSQL store read to list is one connection at a time.
        Optional<StoreChoice> onPostgres = postgres.store(1);
        StoreChoice store;
        if (onPostgres.isPresent()) {
            store = onPostgres.get();
        } else {
            // Checked here: a read-only store would find nothing, and say nothing of the typo.
            if (!Files.isDirectory(data.get())) {
                err.println("no data directory at " + data.get().toAbsolutePath());
                return CommandLine.ExitCode.SOFTWARE;
            }
            store = StoreChoice.sqlite(data.get());
        }
        where = store.where();
        chosen = store;
        try (StoreReader reader = StoreReader.open(store)) {
            if (owner.isEmpty()) {
                int code = showOwners(out, err, reader.byOwner());
                return Math.max(code, showHosts(out, err));
            }
            String ownerId = owner.get();
            if (!reader.hasOwner(ownerId)) {
                err.println("no such owner '" + ownerId + "' in " + where + "; owners: " + listed(reader.owners()));
                return CommandLine.ExitCode.SOFTWARE;
            }
            try {
                return showOwner(out, err, reader, ownerId);
            } catch (TaskStoreException e) {
                err.println("owner '" + ownerId + "' in " + where + " cannot be read: " + Problems.inWords(e));
                return CommandLine.ExitCode.SOFTWARE;
            }
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int showOwner(PrintWriter out, PrintWriter err, StoreReader reader, String ownerId) {
        if (queue.isEmpty()) {
            int code = showOwners(out, err, List.of(OwnerCounts.read(ownerId, reader.counts(ownerId))));
            showSchedules(out, ownerId);
            return code;
        }
        String queueName = queue.get();
        List<String> queues = reader.queues(ownerId);
        if (!queues.contains(queueName)) {
            err.println("owner '" + ownerId + "' has no queue '" + queueName + "'; its queues: " + listed(queues));
            return CommandLine.ExitCode.SOFTWARE;
        }
        showTasks(out, reader.counts(ownerId, queueName), reader.tasks(ownerId, queueName, status, limit));
        return CommandLine.ExitCode.OK;
    }

    /**
     * The owners' queues, and in its row each owner that cannot be read: the others are listed all
     * the same, and the exit code says that something could not be read.
     */
    private int showOwners(PrintWriter out, PrintWriter err, List<OwnerCounts> owners) {
        if (owners.stream().allMatch(stored -> stored.unreadable().isEmpty() && stored.queues().isEmpty())) {
            out.println(owner.map(id -> "owner '" + id + "' has no queues").orElse("no owners in " + where));
            return CommandLine.ExitCode.OK;
        }
        Table table = Table.withColumns("OWNER", "QUEUE", ">PENDING", ">RUNNING", ">COMPLETED", ">FAILED", ">CANCELLED",
                "PAUSED");
        List<String> unreadable = new ArrayList<>();
        for (OwnerCounts stored : owners) {
            stored.unreadable().ifPresent(why -> {
                table.remark(stored.owner(), "cannot be read: " + why);
                unreadable.add(stored.owner());
            });
            for (QueueCounts queue : stored.queues()) {
                table.row(queue.owner(), queue.queue(), queue.pending(), queue.running(), queue.completed(),
                        queue.failed(), queue.cancelled(), queue.paused() ? "yes" : "no");
            }
        }
        table.lines().forEach(out::println);
        if (unreadable.isEmpty()) {
            return CommandLine.ExitCode.OK;
        }
        err.println(unreadable.size() + " owner(s) in " + where + " cannot be read (" + String.join(", ", unreadable)
                + "); the others are listed");
        return CommandLine.ExitCode.SOFTWARE;
    }

    /**
     * The live hosts on the store (R35): name, pid, start, last heartbeat and the queues each runs,
     * with how many of their tasks it runs now. A store of one process (SQLite) tells none of it
     * without its host, which is said instead of claiming that no host runs.
     */
    private int showHosts(PrintWriter out, PrintWriter err) {
        List<OperatorHost> hosts;
        try (StoreView view = StoreView.open(chosen.provider(), chosen.dataDirectory())) {
            if (!view.view().hostsTracked()) {
                out.println();
                out.println("hosts: cannot tell; " + where + " belongs to one process, and its files do not say "
                        + "whether that process runs, nor what it runs (its console does)");
                return CommandLine.ExitCode.OK;
            }
            hosts = view.view().hosts();
        } catch (TaskStoreException e) {
            err.println("the live hosts in " + where + " cannot be read: " + Problems.inWords(e));
            return CommandLine.ExitCode.SOFTWARE;
        }
        out.println();
        if (hosts.isEmpty()) {
            out.println("hosts: none live (none has recorded a heartbeat lately)");
            return CommandLine.ExitCode.OK;
        }
        Table table = Table.withColumns("HOST", ">PID", "STARTED", "LAST SEEN", "RUNS (RUNNING NOW)");
        for (OperatorHost host : hosts) {
            String runs = host.runs().isEmpty() ? "-" : host.runs().stream()
                    .map(run -> run.owner() + "/" + run.queue() + " (" + run.running() + ")")
                    .collect(Collectors.joining(", "));
            table.row(host.name(), host.pid(), host.startedAt().truncatedTo(ChronoUnit.MILLIS),
                    host.lastSeen().truncatedTo(ChronoUnit.MILLIS), runs);
        }
        table.lines().forEach(out::println);
        return CommandLine.ExitCode.OK;
    }

    /**
     * The owner's schedules (R50), with their next and last fire, read through a read-only view of
     * the same store (no lock, nothing written); nothing is printed for an owner without schedules.
     */
    private void showSchedules(PrintWriter out, String ownerId) {
        List<ScheduleInfo> schedules;
        try (StoreView view = StoreView.open(chosen.provider(), chosen.dataDirectory())) {
            schedules = view.view().schedules(ownerId);
        }
        if (schedules.isEmpty()) {
            return;
        }
        Table table = Table.withColumns("SCHEDULE", "QUEUE", "WHEN", "NEXT FIRE", "LAST FIRE");
        for (ScheduleInfo s : schedules) {
            table.row(s.name(), s.queueName(), s.schedule(), s.nextFire().map(Object::toString).orElse("-"),
                    s.lastFire().map(Object::toString).orElse("-"));
        }
        out.println();
        table.lines().forEach(out::println);
    }

    private void showTasks(PrintWriter out, QueueCounts counts, List<TaskRecord> tasks) {
        long matching = status.map(wanted -> switch (wanted) {
            case PENDING -> counts.pending();
            case RUNNING -> counts.running();
            case COMPLETED -> counts.completed();
            case FAILED -> counts.failed();
            case CANCELLED -> counts.cancelled();
        }).orElse(counts.pending() + counts.running() + counts.completed() + counts.failed() + counts.cancelled());
        out.println(counts.name() + ": " + matching + " " + status.map(s -> s + " task(s)").orElse("task(s)")
                + (tasks.size() < matching ? ", the oldest " + tasks.size() + " shown (see --limit)" : ""));
        if (tasks.isEmpty()) {
            return;
        }
        Table table = Table.withColumns("ID", "STATUS", ">ATTEMPT", ">PRIORITY", "KEY", "PROGRESS", "UPDATED", "MESSAGE");
        for (TaskRecord task : tasks) {
            table.row(task.id(), task.status(), task.attempt(), task.priority(), task.key().orElse("-"),
                    task.progress().map(InspectCommand::progress).orElse("-"),
                    task.updatedAt().truncatedTo(ChronoUnit.MILLIS), task.message());
        }
        table.lines().forEach(out::println);
    }

    /** A task's last progress report (R48): the percentage, then the note if there is one. */
    private static String progress(TaskProgress progress) {
        return progress.percent() + "%" + (progress.note().isEmpty() ? "" : " " + ProgressDisplay.cut(progress.note()));
    }

    private static String listed(List<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}
