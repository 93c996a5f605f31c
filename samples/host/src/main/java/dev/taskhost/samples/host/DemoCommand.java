package dev.taskhost.samples.host;

import dev.taskhost.plugins.LoadedPlugin;
import dev.taskhost.plugins.PluginState;
import dev.taskhost.samples.host.internal.DemoRun;
import dev.taskhost.samples.host.internal.DemoSession;
import dev.taskhost.samples.host.internal.HostLog;
import dev.taskhost.samples.host.internal.NotInstalled;
import dev.taskhost.samples.host.internal.OwnerCounts;
import dev.taskhost.samples.host.internal.PluginSettings;
import dev.taskhost.samples.host.internal.Problems;
import dev.taskhost.samples.host.internal.ProgressDisplay;
import dev.taskhost.samples.host.internal.StoreReader;
import dev.taskhost.samples.host.internal.Table;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code taskhost demo}: runs a directory of plugin JARs on a task host and shows their queues' progress. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = Launcher.ModuleVersion.class,
        sortOptions = false,
        description = {
            "Runs the plugin JARs of a directory and shows their queues' progress.",
            "",
            "Starts a task host on a data directory (SQLite) and loads every plugin JAR of the plugins directory, "
                    + "then shows each queue's pending, running, completed and failed tasks as they change. "
                    + "Ctrl-C stops cleanly: running tasks get a grace period, pending ones stay stored and resume "
                    + "on the next run.",
            ""})
final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
            description = "The data directory: one SQLite database per owner (default: ${DEFAULT-VALUE}).")
    private Path data;

    @Option(names = "--plugins", paramLabel = "DIR", defaultValue = "plugins",
            description = "The directory of plugin JARs; a JAR's name is its plugin id (default: ${DEFAULT-VALUE}).")
    private Path plugins;

    @Option(names = "--exit-when-idle",
            description = "Stop once no started plugin has a task pending or running, instead of waiting for Ctrl-C.")
    private boolean exitWhenIdle;

    @Option(names = "--plain", description = "Print progress as plain lines even on a terminal.")
    private boolean plain;

    @Option(names = "--set", paramLabel = "PLUGIN.KEY=VALUE",
            description = "A setting for a plugin (its PluginContext.config()), e.g. webhook-delivery.events=10.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--console-port", paramLabel = "PORT", defaultValue = "0",
            description = "The operator console's port on 127.0.0.1 (default: any free one); -1 serves no console.")
    private int consolePort;

    @Override
    public Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        PrintWriter out = commandLine.getOut();
        if (!Files.isDirectory(plugins)) {
            throw new ParameterException(commandLine, "no plugins directory at " + plugins.toAbsolutePath()
                    + ": create it and put plugin JARs in it (./taskhost demo copies the sample plugins to ./plugins)");
        }
        if (consolePort < -1 || consolePort > 65_535) {
            throw new ParameterException(commandLine, "--console-port must be 0 to 65535, or -1 for no console, was "
                    + consolePort);
        }
        PluginSettings pluginSettings;
        try {
            pluginSettings = PluginSettings.parse(settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage(), e);
        }
        if (Files.exists(data) && !Files.isDirectory(data)) {
            throw new ParameterException(commandLine, "--data " + data + " is a file, not a directory: give the "
                    + "directory for the task databases (it is created if missing)");
        }
        PrintWriter err = commandLine.getErr();
        try {
            Files.createDirectories(data);
        } catch (IOException e) {
            err.println("taskhost demo: cannot create the data directory " + data + ": " + Problems.inWords(e));
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        Path log = data.resolve("taskhost.log");
        boolean logged = HostLog.toFile(log);
        out.println("taskhost demo: data in " + data + ", plugins from " + plugins
                + (logged ? ", log in " + log : ""));

        boolean noneStarted;
        try (StoreReader reader = StoreReader.open(data)) {
            showEarlierRuns(out, markNotInstalled(reader.byOwner()));
            DemoSession session = DemoSession.open(data, plugins, pluginSettings::of,
                    consolePort < 0 ? Optional.empty() : Optional.of(consolePort));
            session.consoleLink().ifPresent(link -> {
                out.println("Console: " + link + "  (open it to sign in; the link holds the access token)");
                out.flush();
            });
            ProgressDisplay display = NotInstalled.marking(ProgressDisplay.on(out, !plain && System.console() != null), plugins);
            DemoRun run = new DemoRun(out, reader, session, display);
            Thread onCtrlC = new Thread(run::stop, "taskhost-demo-shutdown");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                List<LoadedPlugin> loaded = session.startPlugins();
                showPlugins(out, loaded);
                warnOfSettingsForNoPlugin(err, pluginSettings, loaded);
                noneStarted = !loaded.isEmpty() && session.startedPluginIds().isEmpty();
                if (!noneStarted) {
                    run.showProgress(session.startedPluginIds(), exitWhenIdle);
                    run.finish(exitWhenIdle ? "Idle" : "Stopped");
                }
            } finally {
                run.finish("Stopped");
                forget(onCtrlC);
            }
        }
        if (noneStarted) {
            // Said last, below what the run left stored, so that it is what the user reads.
            err.println("taskhost demo: no plugin started: every plugin JAR of " + plugins
                    + " failed (their errors are in the DETAILS column above)");
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        }
        return CommandLine.ExitCode.OK;
    }

    /** The owners, each without a plugin JAR marked as {@link NotInstalled} marks queues, unreadable ones included. */
    private List<OwnerCounts> markNotInstalled(List<OwnerCounts> owners) {
        return owners.stream()
                .map(owner -> owner.unreadable()
                        .map(why -> Files.isRegularFile(plugins.resolve(owner.owner() + ".jar")) ? owner
                                : OwnerCounts.unreadable(owner.owner() + NotInstalled.MARK, why))
                        .orElseGet(() -> OwnerCounts.read(owner.owner(), NotInstalled.mark(owner.queues(), plugins))))
                .toList();
    }

    private static void showEarlierRuns(PrintWriter out, List<OwnerCounts> stored) {
        if (stored.stream().allMatch(owner -> owner.queues().isEmpty() && owner.unreadable().isEmpty())) {
            return;
        }
        out.println("Stored by earlier runs (their pending tasks run again once their plugin re-opens its queue):");
        ProgressDisplay.ownersTable(stored).forEach(line -> out.println("  " + line));
    }

    /** A setting whose plugin id names no plugin JAR reaches no plugin: most likely a typo. */
    private void warnOfSettingsForNoPlugin(PrintWriter err, PluginSettings pluginSettings, List<LoadedPlugin> loaded) {
        List<String> ids = loaded.stream().map(LoadedPlugin::id).sorted().toList();
        pluginSettings.optionsForNoneOf(ids).forEach((id, options) -> options.forEach(option -> err.println(
                "taskhost demo: warning: --set " + option + " is ignored: no plugin '" + id + "' in " + plugins
                        + " (plugins: " + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ")")));
        err.flush();
    }

    private static void showPlugins(PrintWriter out, List<LoadedPlugin> loaded) {
        if (loaded.isEmpty()) {
            out.println("No plugin JARs found.");
            return;
        }
        out.println("Plugins:");
        Table table = Table.withColumns("PLUGIN", "STATE", "DETAILS");
        for (LoadedPlugin plugin : loaded) {
            table.row(plugin.id(), plugin.state(), plugin.state() == PluginState.FAILED
                    ? plugin.error().orElse("")
                    : plugin.manifest().name() + " " + plugin.manifest().version() + ", permissions "
                            + plugin.manifest().permissions() + ", budget " + plugin.manifest().maxConcurrency()
                            + (plugin.manifest().reason().isEmpty() ? "" : ": " + plugin.manifest().reason()));
        }
        table.lines().forEach(line -> out.println("  " + line));
        out.flush();
    }

    private static void forget(Thread onCtrlC) {
        try {
            Runtime.getRuntime().removeShutdownHook(onCtrlC);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or has run: nothing to forget.
        }
    }
}
