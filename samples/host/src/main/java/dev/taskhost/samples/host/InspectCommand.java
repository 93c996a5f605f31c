package dev.taskhost.samples.host;

import dev.taskhost.api.TaskProgress;
import dev.taskhost.api.TaskStatus;
import dev.taskhost.api.TaskStoreException;
import dev.taskhost.core.spi.TaskRecord;
import dev.taskhost.samples.host.internal.OwnerCounts;
import dev.taskhost.samples.host.internal.Problems;
import dev.taskhost.samples.host.internal.ProgressDisplay;
import dev.taskhost.samples.host.internal.QueueCounts;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
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
            "Lists a data directory's owners and queues, or one queue's tasks.",
            "",
            "Without --queue: each queue of each owner (or of --owner) with its tasks counted by status, "
                    + "and whether it is paused. With --owner and --queue: that queue's tasks, oldest first, with "
                    + "id, status, attempt, priority, key, last progress, last update and message. Reads while a "
                    + "host runs, or a copy at rest; creates nothing, changes nothing (pausing, retrying and "
                    + "cancelling need a running host).",
            ""})
final class InspectCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DATA_DIR", description = "The data directory, such as ./data.")
    private Path data;

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
        // Checked here: opening a store creates a missing data directory.
        if (!Files.isDirectory(data)) {
            err.println("no data directory at " + data.toAbsolutePath());
            return CommandLine.ExitCode.SOFTWARE;
        }
        try (StoreReader reader = StoreReader.open(data)) {
            if (owner.isEmpty()) {
                return showOwners(out, err, reader.byOwner());
            }
            String ownerId = owner.get();
            if (!reader.hasOwner(ownerId)) {
                err.println("no such owner '" + ownerId + "' in " + data + "; owners: " + listed(reader.owners()));
                return CommandLine.ExitCode.SOFTWARE;
            }
            try {
                return showOwner(out, err, reader, ownerId);
            } catch (TaskStoreException e) {
                err.println("owner '" + ownerId + "' in " + data + " cannot be read: " + Problems.inWords(e));
                return CommandLine.ExitCode.SOFTWARE;
            }
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int showOwner(PrintWriter out, PrintWriter err, StoreReader reader, String ownerId) {
        if (queue.isEmpty()) {
            return showOwners(out, err, List.of(OwnerCounts.read(ownerId, reader.counts(ownerId))));
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
            out.println(owner.map(id -> "owner '" + id + "' has no queues").orElse("no owners in " + data));
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
        err.println(unreadable.size() + " owner(s) in " + data + " cannot be read (" + String.join(", ", unreadable)
                + "); the others are listed");
        return CommandLine.ExitCode.SOFTWARE;
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
