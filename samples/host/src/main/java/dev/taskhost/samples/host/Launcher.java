package dev.taskhost.samples.host;

import dev.taskhost.samples.host.internal.HostLog;
import dev.taskhost.samples.host.internal.Problems;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code taskhost} command and its subcommands. */
@Command(name = "taskhost",
        mixinStandardHelpOptions = true,
        versionProvider = Launcher.ModuleVersion.class,
        description = "Runs plugin JARs on persistent task queues, and shows what they stored.",
        subcommands = {DemoCommand.class, InspectCommand.class, ConsoleCommand.class, CommandLine.HelpCommand.class})
public final class Launcher implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** The command line, ready to {@link CommandLine#execute execute}; for tests, set its out and err first. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Launcher());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setExecutionExceptionHandler(Launcher::report);
        return commandLine;
    }

    /** Without a subcommand: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * A failure a command did not handle: one line, in words, on the console; the stack trace only
     * in the log file, if the command has one yet.
     */
    private static int report(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        String line = "taskhost " + commandLine.getCommandName() + ": " + Problems.inWords(e);
        Optional<Path> log = HostLog.failure(line, e);
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getColorScheme().errorText(line + log.map(file -> " (stack trace in " + file + ")")
                .orElse("")));
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
    }

    /** The version the module was built with. */
    static final class ModuleVersion implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Launcher.class.getModule().getDescriptor() == null ? "(unknown)"
                    : Launcher.class.getModule().getDescriptor().rawVersion().orElse("(unknown)");
            return new String[] {"taskhost sample host " + version};
        }
    }
}
