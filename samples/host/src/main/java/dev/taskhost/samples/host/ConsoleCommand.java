package dev.taskhost.samples.host;

import dev.taskhost.console.TaskConsole;
import dev.taskhost.core.StoreView;
import dev.taskhost.samples.host.internal.StoreChoice;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code taskhost console}: a read-only operator console over a data directory, or a PostgreSQL store
 * with {@code --postgres}, with no host running.
 */
@Command(name = "console",
        mixinStandardHelpOptions = true,
        versionProvider = Launcher.ModuleVersion.class,
        sortOptions = false,
        description = {
            "Serves a read-only operator console over a data directory, or a PostgreSQL store's with --postgres, "
                    + "with no host running.",
            "",
            "Opens the store read-only (no lock, nothing created or migrated, so a host may run beside it), "
                    + "serves the console on 127.0.0.1 and prints a sign-in link that holds the access token. "
                    + "Ctrl-C stops it.",
            ""})
final class ConsoleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DATA_DIR",
            description = "The data directory, such as ./data (or --postgres URL instead).")
    private Optional<Path> data = Optional.empty();

    @Mixin
    private PostgresOptions postgres;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The port on 127.0.0.1 (default: any free one).")
    private int port;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        CommandLine commandLine = spec.commandLine();
        if (port < 0 || port > 65_535) {
            throw new ParameterException(commandLine, "--port must be 0 to 65535, was " + port);
        }
        PrintWriter out = commandLine.getOut();
        PrintWriter err = commandLine.getErr();
        if (data.isPresent() == postgres.given()) {
            throw new ParameterException(commandLine, data.isPresent() ? "give DATA_DIR or --postgres URL, not both"
                    : "give the data directory (DATA_DIR), or --postgres URL for a PostgreSQL store");
        }
        // The console serves a few requests at once, each reading the store: a small pool.
        Optional<StoreChoice> onPostgres = postgres.store(2);
        StoreChoice choice;
        if (onPostgres.isPresent()) {
            choice = onPostgres.get();
        } else {
            // Checked here: a read-only store would find nothing, and say nothing of the typo.
            if (!Files.isDirectory(data.get())) {
                err.println("no data directory at " + data.get().toAbsolutePath());
                err.flush();
                return CommandLine.ExitCode.SOFTWARE;
            }
            choice = StoreChoice.sqlite(data.get());
        }
        // Read-only either way: on PostgreSQL nothing is created or migrated, as for inspect.
        try (StoreView store = StoreView.open(choice.provider(), choice.dataDirectory());
             TaskConsole console = TaskConsole.builder().view(store.view())
                     .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).build()) {
            console.start();
            Thread onCtrlC = new Thread(stopped::countDown, "taskhost-console-shutdown");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            out.println("taskhost console (read-only) over " + choice.where() + ": " + console.signInLink());
            out.println("Open the link to sign in (it holds the access token); Ctrl-C stops.");
            out.flush();
            stopped.await();
        }
        return CommandLine.ExitCode.OK;
    }

    /** Stops serving; for tests. */
    void stop() {
        stopped.countDown();
    }
}
