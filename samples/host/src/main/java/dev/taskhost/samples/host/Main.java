package dev.taskhost.samples.host;

/** The entry point of {@code ./taskhost}. */
public final class Main {

    private Main() {
    }

    /** Runs the command line and exits with its code: 0 done, 1 failed, 2 bad usage. */
    public static void main(String[] args) {
        System.exit(Launcher.commandLine().execute(args));
    }
}
