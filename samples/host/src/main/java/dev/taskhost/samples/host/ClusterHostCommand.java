package dev.taskhost.samples.host;

import dev.taskhost.core.TaskHost;
import dev.taskhost.plugins.LoadedPlugin;
import dev.taskhost.samples.host.internal.DemoSession;
import dev.taskhost.samples.host.internal.ExecutionLog;
import dev.taskhost.samples.host.internal.HostLog;
import dev.taskhost.samples.host.internal.PluginSettings;
import dev.taskhost.samples.host.internal.StoreChoice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskhost cluster-host}: one host of {@code taskhost cluster}, in a JVM of its own. It runs
 * the plugins of a directory on a PostgreSQL store with a short lease, writes an execution log, and
 * runs until it is stopped (SIGTERM: it closes cleanly) or killed.
 */
@Command(name = "cluster-host", hidden = true,
        description = "One host of taskhost cluster (started by it): runs the plugins on PostgreSQL until stopped.")
final class ClusterHostCommand implements Callable<Integer> {
    /** A few runs at once per queue, and the store's own statements. */
    private static final int POOL_SIZE = 6;

    @Spec
    private CommandSpec spec;

    @Mixin
    private PostgresOptions postgres;

    @Option(names = "--plugins", paramLabel = "DIR", required = true, description = "The directory of plugin JARs.")
    private Path plugins;

    @Option(names = "--events", paramLabel = "FILE", required = true, description = "The execution log to append to.")
    private Path events;

    @Option(names = "--log", paramLabel = "FILE", required = true, description = "The host's log file.")
    private Path log;

    @Option(names = "--lease-seconds", paramLabel = "S", defaultValue = "5", description = "The runs' lease (R37).")
    private int leaseSeconds;

    @Option(names = "--set", paramLabel = "PLUGIN.KEY=VALUE", description = "A setting for a plugin.")
    private Map<String, String> settings = new LinkedHashMap<>();

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        CommandLine commandLine = spec.commandLine();
        StoreChoice store = postgres.store(POOL_SIZE).orElseThrow(
                () -> new ParameterException(commandLine, "cluster-host needs --postgres URL"));
        PluginSettings pluginSettings;
        try {
            pluginSettings = PluginSettings.parse(settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
        HostLog.toFile(log);
        PrintWriter out = commandLine.getOut();
        try (ExecutionLog executions = ExecutionLog.appendingTo(events)) {
            DemoSession session = DemoSession.open(TaskHost.builder().store(store.provider())
                            .lease(Duration.ofSeconds(leaseSeconds)).listener(executions),
                    plugins, pluginSettings::of, Optional.empty());
            Thread onTerm = new Thread(() -> {
                session.close();
                stopped.countDown();
            }, "taskhost-cluster-host-shutdown");
            Runtime.getRuntime().addShutdownHook(onTerm);
            for (LoadedPlugin plugin : session.startPlugins()) {
                out.println("plugin " + plugin.id() + " " + plugin.state() + plugin.error().map(e -> ": " + e).orElse(""));
            }
            out.println("started");
            out.flush();
            // The shutdown hook closes the session; the hook's thread is what ends this wait.
            stopped.await();
        }
        return CommandLine.ExitCode.OK;
    }
}
