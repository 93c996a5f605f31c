package dev.taskhost.samples.host;

import dev.taskhost.samples.host.internal.ClusterLogs;
import dev.taskhost.samples.host.internal.QueueCounts;
import dev.taskhost.samples.host.internal.StoreChoice;
import dev.taskhost.samples.host.internal.StoreReader;
import dev.taskhost.samples.host.internal.Table;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskhost cluster}: an embedded PostgreSQL and three host JVMs running the sample plugins
 * on it; one is killed with SIGKILL mid-run and started again once its leases expired; live
 * progress per host and queue, and a summary from the store and the hosts' execution logs.
 */
@Command(name = "cluster",
        mixinStandardHelpOptions = true,
        versionProvider = Launcher.ModuleVersion.class,
        sortOptions = false,
        description = {
            "Runs the plugins on three hosts sharing an embedded PostgreSQL, kills one mid-run and restarts it.",
            "",
            "Starts a PostgreSQL server of its own (a temporary directory, removed at the end), then three host "
                    + "processes that run the plugin JARs on it. Once the cluster has ended three runs, the first "
                    + "host seen running a task is killed with SIGKILL, and started again when its runs' leases "
                    + "have expired. Shows each host's "
                    + "runs and each queue's counts as they change, and ends with a summary: tasks, completed, failed, "
                    + "runs recovered by lease, and the most runs at once per queue against its limit.",
            ""})
final class ClusterCommand implements Callable<Integer> {
    /** How often the execution logs are read for the moment to kill; the display is redrawn every tenth. */
    private static final long TICK_MILLIS = 100;

    @Spec
    private CommandSpec spec;

    /** Every host process started, for the shutdown hook. */
    private final Queue<Process> started = new ConcurrentLinkedQueue<>();
    /** Set by the shutdown hook: the hosts it kills did not end by themselves. */
    private volatile boolean interrupted;

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = "plugins",
            description = "The directory of plugin JARs (default: ${DEFAULT-VALUE}).")
    private Path plugins;

    @Option(names = "--work", paramLabel = "DIR", defaultValue = "cluster",
            description = "Where the hosts' logs and execution logs go, emptied first (default: ${DEFAULT-VALUE}).")
    private Path work;

    @Option(names = "--hosts", paramLabel = "N", defaultValue = "3", description = "Host processes (default: ${DEFAULT-VALUE}).")
    private int hosts;

    @Option(names = "--lease-seconds", paramLabel = "S", defaultValue = "5",
            description = "The hosts' lease on their runs (R37); the killed host's runs are recovered once it has "
                    + "expired (default: ${DEFAULT-VALUE}).")
    private int leaseSeconds;

    @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "600",
            description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Option(names = "--set", paramLabel = "PLUGIN.KEY=VALUE",
            description = "A setting for a plugin on every host, e.g. webhook-delivery.events=10.")
    private Map<String, String> settings = new LinkedHashMap<>();

    /** One host: its name and its current process, if it runs. */
    private static final class Host {
        final String name;
        Optional<Process> process = Optional.empty();
        int lifetimes;
        String state = "starting";

        Host(String name) {
            this.name = name;
        }
    }

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        if (hosts < 2 || hosts > 9) {
            throw new ParameterException(commandLine, "--hosts must be 2 to 9, was " + hosts);
        }
        if (leaseSeconds < 1) {
            throw new ParameterException(commandLine, "--lease-seconds must be at least 1, was " + leaseSeconds);
        }
        if (!Files.isDirectory(plugins)) {
            throw new ParameterException(commandLine, "no plugins directory at " + plugins.toAbsolutePath()
                    + " (./taskhost cluster copies the sample plugins to ./plugins)");
        }
        PrintWriter out = commandLine.getOut();
        prepareWork();
        out.println("taskhost cluster: starting an embedded PostgreSQL...");
        out.flush();
        List<Host> all = new ArrayList<>();
        ClusterLogs logs = new ClusterLogs();
        // Ctrl-C ends this JVM without the finally below: the hosts must not outlive it.
        Thread killHosts = new Thread(() -> {
            interrupted = true;
            started.forEach(Process::destroyForcibly);
        }, "taskhost-cluster-stop");
        Runtime.getRuntime().addShutdownHook(killHosts);
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().setServerConfig("max_connections", "100").start()) {
            String url = server.getJdbcUrl("postgres", "postgres");
            out.println("PostgreSQL at " + url + "; " + hosts + " hosts, lease " + leaseSeconds + " s; logs in " + work);
            out.flush();
            for (int i = 1; i <= hosts; i++) {
                Host host = new Host("host-" + i);
                all.add(host);
                start(host, url, logs);
            }
            return run(out, all, logs, url);
        } finally {
            for (Host host : all) {
                host.process.ifPresent(ClusterCommand::stop);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killHosts);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already, and finds every host stopped.
            }
        }
    }

    private int run(PrintWriter out, List<Host> all, ClusterLogs logs, String url) throws InterruptedException, IOException {
        StoreChoice store = StoreChoice.postgres(url, Optional.of("postgres"), Optional.empty(), 1);
        long startNanos = System.nanoTime();
        Optional<StoreReader> reader = Optional.empty();
        Optional<Long> killedAt = Optional.empty();
        boolean restarted = false;
        Optional<Host> victim = Optional.empty();
        try {
            for (long tick = 1; ; tick++) {
                Thread.sleep(TICK_MILLIS);
                long elapsed = Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
                if (elapsed > timeoutSeconds) {
                    spec.commandLine().getErr().println("taskhost cluster: the tasks did not finish within "
                            + timeoutSeconds + " s (the hosts' logs are in " + work + ")");
                    return CommandLine.ExitCode.SOFTWARE;
                }
                for (Host host : all) {
                    if (host.process.isPresent() && !host.process.get().isAlive() && !interrupted) {
                        spec.commandLine().getErr().println("taskhost cluster: " + host.name + " exited by itself with "
                                + host.process.get().exitValue() + " (its log: " + work.resolve(host.name + ".out") + ")");
                        return CommandLine.ExitCode.SOFTWARE;
                    }
                }
                if (reader.isEmpty()) {
                    reader = tryOpen(store);
                }
                Map<String, Map<String, ClusterLogs.HostQueue>> byHost = logs.byHost();
                // Mid-run: once the cluster has ended a few runs, the first host seen running a task.
                Map<String, Map<String, ClusterLogs.HostQueue>> seen = byHost;
                Optional<Host> running = all.stream().filter(host -> running(seen, host.name) > 0).findFirst();
                if (killedAt.isEmpty() && ended(byHost) >= 3 && running.isPresent()) {
                    Host host = running.get();
                    victim = running;
                    host.process.ifPresent(p -> p.destroyForcibly()); // SIGKILL on Linux and macOS
                    waitFor(host.process.orElseThrow());
                    logs.killed(host.name);
                    host.process = Optional.empty();
                    host.state = "killed";
                    killedAt = Optional.of(System.nanoTime());
                    int lost = running(byHost, host.name);
                    byHost = logs.byHost();
                    out.println("[" + elapsed + " s] killed " + host.name + " (SIGKILL) while it was running "
                            + lost + " task(s); it starts again once their leases (" + leaseSeconds + " s) have expired");
                } else if (killedAt.isPresent() && !restarted
                        && System.nanoTime() - killedAt.get() > TimeUnit.SECONDS.toNanos(leaseSeconds + 1L)) {
                    start(victim.orElseThrow(), url, logs);
                    restarted = true;
                    out.println("[" + elapsed + " s] started " + victim.get().name + " again");
                }
                if (tick % 10 != 0) {
                    continue;
                }
                List<QueueCounts> counts = reader.map(StoreReader::counts).orElse(List.of());
                show(out, elapsed, all, byHost, counts);
                boolean done = restarted && !counts.isEmpty() && counts.stream().noneMatch(QueueCounts::hasWork);
                if (done) {
                    for (Host host : all) {
                        host.process.ifPresent(ClusterCommand::stop);
                        host.process = Optional.empty();
                        host.state = "stopped";
                    }
                    summary(out, reader.get(), logs, elapsed, victim.orElseThrow().name);
                    return CommandLine.ExitCode.OK;
                }
            }
        } finally {
            reader.ifPresent(StoreReader::close);
        }
    }

    private static int ended(Map<String, Map<String, ClusterLogs.HostQueue>> byHost) {
        return byHost.values().stream().flatMap(q -> q.values().stream()).mapToInt(ClusterLogs.HostQueue::ended).sum();
    }

    private static int running(Map<String, Map<String, ClusterLogs.HostQueue>> byHost, String host) {
        return byHost.getOrDefault(host, Map.of()).values().stream().mapToInt(ClusterLogs.HostQueue::running).sum();
    }

    /** The reader, once a host has made the schema. */
    private static Optional<StoreReader> tryOpen(StoreChoice store) {
        try {
            return Optional.of(StoreReader.open(store));
        } catch (dev.taskhost.api.TaskStoreException notYet) {
            return Optional.empty();
        }
    }

    private void show(PrintWriter out, long elapsed, List<Host> all, Map<String, Map<String, ClusterLogs.HostQueue>> byHost,
                      List<QueueCounts> counts) {
        out.println("[" + elapsed + " s]");
        Table hostTable = Table.withColumns("HOST", "STATE", "QUEUE", ">RUNNING", ">STARTED", ">ENDED");
        for (Host host : all) {
            Map<String, ClusterLogs.HostQueue> queues = byHost.getOrDefault(host.name, Map.of());
            if (queues.isEmpty()) {
                hostTable.row(host.name, host.state, "-", 0, 0, 0);
            }
            queues.values().forEach(q -> hostTable.row(host.name, host.state, q.queue(), q.running(), q.started(), q.ended()));
        }
        hostTable.lines().forEach(line -> out.println("  " + line));
        if (counts.isEmpty()) {
            out.flush();
            return;
        }
        Table queueTable = Table.withColumns("QUEUE", ">PENDING", ">RUNNING", ">COMPLETED", ">FAILED");
        counts.forEach(q -> queueTable.row(q.owner() + "/" + q.queue(), q.pending(), q.running(), q.completed(), q.failed()));
        queueTable.lines().forEach(line -> out.println("  " + line));
        out.flush();
    }

    private void summary(PrintWriter out, StoreReader reader, ClusterLogs logs, long elapsed, String killed) {
        List<QueueCounts> counts = reader.counts();
        long completed = counts.stream().mapToLong(QueueCounts::completed).sum();
        long failed = counts.stream().mapToLong(QueueCounts::failed).sum();
        long tasks = counts.stream().mapToLong(q -> q.pending() + q.running() + q.completed() + q.failed() + q.cancelled())
                .sum();
        out.println("Summary after " + elapsed + " s, " + hosts + " hosts, " + killed + " killed once and restarted:");
        out.println("  tasks " + tasks + ", completed " + completed + ", failed " + failed + ", recovered by lease "
                + logs.recovered());
        Map<String, Integer> most = logs.mostAtOnce();
        Table table = Table.withColumns("QUEUE", ">MOST AT ONCE", ">LIMIT");
        for (QueueCounts q : counts) {
            String name = q.owner() + "/" + q.queue();
            table.row(name, most.getOrDefault(name, 0), reader.concurrency(q.owner(), q.queue()));
        }
        table.lines().forEach(line -> out.println("  " + line));
        out.println("  (most at once: every host's runs from the execution logs in " + work + ")");
        out.flush();
    }

    private void prepareWork() throws IOException {
        Files.createDirectories(work);
        try (var files = Files.list(work)) {
            for (Path file : files.toList()) {
                if (file.getFileName().toString().matches("host-\\d+\\.\\d+\\.(events|out|log)")) {
                    Files.delete(file);
                }
            }
        }
    }

    private void start(Host host, String url, ClusterLogs logs) throws IOException {
        host.lifetimes++;
        String lifetime = host.name + "." + host.lifetimes;
        Path events = work.resolve(lifetime + ".events");
        List<String> command = new ArrayList<>(javaCommand());
        command.addAll(List.of("cluster-host", "--postgres", url, "--pg-user", "postgres",
                "--plugins", plugins.toString(), "--events", events.toString(),
                "--log", work.resolve(lifetime + ".log").toString(), "--lease-seconds", Integer.toString(leaseSeconds)));
        settings.forEach((key, value) -> command.addAll(List.of("--set", key + "=" + value)));
        File out = work.resolve(lifetime + ".out").toFile();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out).start();
        started.add(process);
        host.process = Optional.of(process);
        host.state = host.lifetimes == 1 ? "up" : "up again";
        logs.add(host.name, events, Optional.empty());
    }

    /** This JVM's own launch: the same java and module path, so that a host runs what this one runs. */
    private static List<String> javaCommand() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-p", System.getProperty("jdk.module.path"), "--add-modules", "ALL-MODULE-PATH"));
        String classPath = System.getProperty("java.class.path", "");
        if (!classPath.isEmpty()) {
            command.addAll(List.of("-cp", classPath));
        }
        command.addAll(List.of("-m", "dev.taskhost.samples.host/" + Main.class.getName()));
        return command;
    }

    /** SIGTERM, so that the host closes cleanly; SIGKILL if it has not within 30 s. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void waitFor(Process process) throws InterruptedException {
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
